/* cx_people: agents differ. Each hire draws an aptitude, a lifelong
 * multiplier of how fast it learns and how much of what it knows it applies
 * to a contact; the recruiting pool is weaker when the pay is below market.
 * Each agent has an outside offer that rises with its aptitude and its
 * knowledge; when the offer exceeds its pay it faces an added quit hazard,
 * so a low payer loses its best agents first. What an agent knows (tacit
 * knowledge) leaves with it; the knowledge base (cx_knowledge) is what the
 * organisation keeps. With mechanisms.people off every agent has aptitude 1
 * and no outside offer. */
#ifndef CX_PEOPLE_H
#define CX_PEOPLE_H

struct cx_sim;
typedef struct cxi_person cxi_person;

double cxi_people_aptitude(struct cx_sim *S);   /* a new hire's aptitude (one draw of the people stream) */
double cxi_people_outside(const struct cx_sim *S, const cxi_person *ag); /* its outside offer / market pay */
double cxi_people_poach_per_day(const struct cx_sim *S, const cxi_person *ag); /* its added quit hazard, 1/day */
double cxi_people_applied(const struct cx_sim *S, const cxi_person *ag, double k); /* knowledge it applies */
double cxi_mean_aptitude(const struct cx_sim *S); /* mean aptitude of employees on the floor now */

#endif
