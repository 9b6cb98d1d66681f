/* view_export: a video of the view through ffmpeg -- frames of raw pixels
 * written to an ffmpeg process (found on PATH, started without a shell)
 * that encodes them as H.264 into the file asked for. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "view_internal.h"

extern char **environ;

int cxi_video_find_ffmpeg(char *out, size_t n)
{
    const char *path = getenv("PATH");
    if (!path || !*path) return -1;
    const char *p = path;
    while (*p) {
        const char *e = strchr(p, ':');
        size_t len = e ? (size_t)(e - p) : strlen(p);
        char cand[4096];
        if (len > 0 && len < sizeof cand - 8) {
            snprintf(cand, sizeof cand, "%.*s/ffmpeg", (int)len, p);
            struct stat st;
            if (stat(cand, &st) == 0 && S_ISREG(st.st_mode) && access(cand, X_OK) == 0) {
                snprintf(out, n, "%s", cand);
                return 0;
            }
        }
        if (!e) break;
        p = e + 1;
    }
    return -1;
}

int cxi_video_open(cxi_video *v, const char *file, int w, int h, int fps, char *err, size_t n)
{
    memset(v, 0, sizeof *v);
    v->fd = -1;
    char ffmpeg[4096], size[32], rate[16];
    if (cxi_video_find_ffmpeg(ffmpeg, sizeof ffmpeg)) {
        snprintf(err, n,
                 "--video %s: ffmpeg not found on PATH (install the Debian package ffmpeg, or write the frames "
                 "with --frames DIR and encode them as docs/view.md shows)",
                 file);
        return -1;
    }
    int fds[2];
    if (pipe(fds)) {
        snprintf(err, n, "--video %s: pipe: %s", file, strerror(errno));
        return -1;
    }
    snprintf(size, sizeof size, "%dx%d", w, h);
    snprintf(rate, sizeof rate, "%d", fps);
    char *argv[] = {ffmpeg, "-hide_banner", "-loglevel", "error", "-y", "-f", "rawvideo", "-pixel_format", "bgra",
                    "-video_size", size, "-framerate", rate, "-i", "-", "-an", "-c:v", "libx264", "-preset",
                    "veryfast", "-pix_fmt", "yuv420p", (char *)file, NULL};
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, fds[0], 0);
    posix_spawn_file_actions_addclose(&fa, fds[1]);
    int rc = posix_spawn(&v->pid, ffmpeg, &fa, NULL, argv, environ);
    posix_spawn_file_actions_destroy(&fa);
    close(fds[0]);
    if (rc) {
        close(fds[1]);
        snprintf(err, n, "--video %s: cannot start %s: %s", file, ffmpeg, strerror(rc));
        return -1;
    }
    v->fd = fds[1];
    v->w = w, v->h = h;
    /* a write to an ffmpeg that stopped fails with EPIPE instead of killing us */
    struct sigaction ign;
    memset(&ign, 0, sizeof ign);
    ign.sa_handler = SIG_IGN;
    sigemptyset(&ign.sa_mask);
    v->sigpipe_saved = sigaction(SIGPIPE, &ign, &v->old_pipe) == 0;
    snprintf(v->file, sizeof v->file, "%s", file);
    return 0;
}

int cxi_video_frame(cxi_video *v, const void *pixels, int pitch, char *err, size_t n)
{
    for (int y = 0; y < v->h; y++) {
        const char *row = (const char *)pixels + (size_t)y * (size_t)pitch;
        size_t left = (size_t)v->w * 4;
        while (left > 0) {
            ssize_t k = write(v->fd, row, left);
            if (k < 0 && errno == EINTR) continue;
            if (k <= 0) {
                snprintf(err, n, "--video %s: ffmpeg stopped taking frames (%s); its message is above", v->file,
                         k < 0 ? strerror(errno) : "closed");
                return -1;
            }
            row += k, left -= (size_t)k;
        }
    }
    v->frames++;
    return 0;
}

int cxi_video_close(cxi_video *v, char *err, size_t n)
{
    if (v->fd < 0 && !v->pid) return 0;
    if (v->fd >= 0) close(v->fd);
    v->fd = -1;
    int st = 0, rc = 0;
    if (v->pid && waitpid(v->pid, &st, 0) == v->pid && !(WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
        if (err) snprintf(err, n, "--video %s: ffmpeg failed (exit status %d)", v->file, WIFEXITED(st) ? WEXITSTATUS(st) : -1);
        rc = -1;
    }
    v->pid = 0;
    if (v->sigpipe_saved) sigaction(SIGPIPE, &v->old_pipe, NULL);
    v->sigpipe_saved = 0;
    return rc;
}
