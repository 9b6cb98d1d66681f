/* cx_knowledge: what the organisation knows beyond each agent's head.
 *
 * Two quantities: the knowledge base (kb, 0-1), which raises the ceiling
 * agents learn toward, gives new hires a head start and serves simple
 * contacts by self-service; and `keep`, the share of agents' knowledge
 * still current after product changes (1 - the change gap), which they
 * catch up on day by day. The base is built by the provider's spending and
 * decays without upkeep (organisational forgetting); a new provider starts
 * with none. Only this mechanism writes them; others read them here. */
#ifndef CX_KNOWLEDGE_H
#define CX_KNOWLEDGE_H

struct cx_sim;

typedef struct cxi_knowledge {
    double kb;                /* knowledge-base level, 0-1 */
    double keep;              /* 1 - the product-change gap */
    double ceiling;           /* knowledge ceiling from the base */
} cxi_knowledge;

void cxi_knowledge_init(struct cx_sim *S);

/* Reads. */
double cxi_kb(const struct cx_sim *S);
double cxi_keep(const struct cx_sim *S);
double cxi_ceiling(const struct cx_sim *S);

/* The level the base settles at under a steady monthly spend of `invest`
 * $ a month on `heads` agents, written by a settled (all proficient) team:
 * the fixed point of the monthly rule. */
double cxi_settled_kb(const struct cx_sim *S, double invest, double heads);
/* The share of all issues customers resolve in self-service with the base
 * at `kb` (simple issues only; 0 with the mechanism off). */
double cxi_self_service_share(const struct cx_sim *S, double kb);

/* A day: agents catch up with the last product change. */
void cxi_knowledge_day(struct cx_sim *S);
/* A month: the base kept (forgetting) and rebuilt by the month's spending. */
void cxi_knowledge_month(struct cx_sim *S);
/* A product change ships, communicated before or not. */
void cxi_knowledge_change(struct cx_sim *S, int told);
/* A joint root-cause analysis closes half of the change gap. */
void cxi_knowledge_shared_analysis(struct cx_sim *S);
/* A joint initiative from a strategic review adds to the base. */
void cxi_knowledge_joint_initiative(struct cx_sim *S);
/* A new provider takes over: the account's base is lost. */
void cxi_knowledge_transition(struct cx_sim *S);

#endif
