/* cx_params: the parameter table, defaults, setters and checks. */
#include "cx_params.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define OFF(f) offsetof(cx_params, f)

/* Typical inbound day: low nights, a morning peak, a lunch dip and an
 * early-afternoon peak (MODEL.md calibration: intraday pattern, a parameter). */
static const double intraday_default[CX_INTRADAY_BINS] = {
    0.20, 0.18, 0.15, 0.13, 0.12, 0.12, 0.12, 0.13, 0.15, 0.18, 0.25, 0.35, /* 00-06 */
    0.50, 0.70, 0.95, 1.20, 1.45, 1.65, 1.80, 1.85, 1.80, 1.70, 1.55, 1.45, /* 06-12 */
    1.50, 1.60, 1.70, 1.75, 1.70, 1.60, 1.50, 1.40, 1.30, 1.20, 1.10, 1.00, /* 12-18 */
    0.90, 0.80, 0.70, 0.62, 0.55, 0.48, 0.42, 0.36, 0.32, 0.28, 0.25, 0.22, /* 18-24 */
};
/* Monday busiest, weekends low (typical inbound profile, a parameter). */
static const double weekday_default[7] = {1.20, 1.10, 1.05, 1.05, 1.00, 0.85, 0.75};
/* Mild seasonality with a year-end peak (a parameter). */
static const double season_default[12] = {1.05, 0.95, 1.00, 0.98, 0.97, 0.95,
                                          0.93, 0.95, 1.00, 1.02, 1.08, 1.12};

/* A typical inbound centre: 07:00-22:00 on weekdays, 08:00-20:00 on
 * Saturday, 09:00-18:00 on Sunday (assumption, MODEL.md calibration table:
 * opening hours and shifts). */
static const double open_default[7] = {7, 7, 7, 7, 7, 8, 9};
static const double close_default[7] = {22, 22, 22, 22, 22, 20, 18};

static const char *const dist_names[] = {"exp", "lognormal", "gamma", "fixed", "none", NULL};

static const cx_param_desc spike_fields[] = {
    {.path = "start_day", .type = CX_PT_REAL, .offset = offsetof(cx_spike, start_day), .lo = 0,
     .hi = 1e6, .unit = "day", .doc = "first day of the spike (day 0 is the first simulated day)"},
    {.path = "days", .type = CX_PT_REAL, .offset = offsetof(cx_spike, days), .lo = 0, .hi = 1e6,
     .def = 7, .unit = "day", .doc = "duration"},
    {.path = "multiplier", .type = CX_PT_REAL, .offset = offsetof(cx_spike, multiplier), .lo = 0,
     .hi = 1000, .def = 2, .unit = "x", .doc = "demand multiplier during the spike"},
    {.path = "complex_share", .type = CX_PT_REAL, .offset = offsetof(cx_spike, complex_share), .lo = -1,
     .hi = 1, .def = -1, .unit = "fraction",
     .doc = "share of complex contacts during the spike (a launch); -1 keeps contacts.complex_share"},
    {0},
};

static const char *const learning_modes[] = {"experience", "tenure", NULL};
static const char *const pricing_names[] = {"per_contact", "per_minute", "per_fte_hour", NULL};

static const cx_param_desc regime_fields[] = {
    {.path = "name", .type = CX_PT_TEXT, .offset = offsetof(cx_regime, label), .doc = "regime label"},
    {.path = "client", .type = CX_PT_POLICY, .offset = offsetof(cx_regime, client),
     .doc = "client policy: a name, or {policy = NAME, option = value, ...}"},
    {.path = "provider", .type = CX_PT_POLICY, .offset = offsetof(cx_regime, provider),
     .doc = "provider policy: a name, or {policy = NAME, option = value, ...}"},
    {0},
};

const cx_param_desc cx_param_table[] = {
    {.path = "name", .type = CX_PT_TEXT, .offset = OFF(name), .doc = "scenario name used in outputs"},
    {.path = "seed", .type = CX_PT_SEED, .offset = OFF(seed), .lo = 0, .hi = 9007199254740992.0,
     .def = 1, .doc = "master seed; replications and streams are derived from it"},
    {.path = "years", .type = CX_PT_REAL, .offset = OFF(years), .lo = 1.0 / 365.25, .hi = 50,
     .def = 5, .unit = "year", .doc = "simulated horizon"},
    {.path = "warmup_days", .type = CX_PT_REAL, .offset = OFF(warmup_days), .lo = 0, .hi = 3650,
     .def = 0, .unit = "day", .doc = "time excluded from the run totals (monthly rows keep it)"},
    {.path = "sl_seconds", .type = CX_PT_REAL, .offset = OFF(sl_seconds), .lo = 0, .hi = 86400,
     .def = 20, .unit = "s", .doc = "service-level threshold: answered within this counts",
     .source = "80% in 20 s target, Call Centre Helper 2015"},

    {.path = "demand.rate_per_min", .type = CX_PT_REAL, .offset = OFF(rate_per_min), .lo = 1e-9,
     .hi = 1e6, .def = 10, .unit = "1/min",
     .doc = "mean arrival rate (the profile multiplies it, with mean 1)",
     .source = "MODEL.md: a 45-agent centre at 10 contacts/min"},
    {.path = "demand.profile", .type = CX_PT_BOOL, .offset = OFF(profile), .def = 0,
     .doc = "apply the intraday, weekday and season profile (false: homogeneous Poisson)"},
    {.path = "demand.intraday", .type = CX_PT_REALS, .offset = OFF(intraday), .lo = 0, .hi = 1e6,
     .defs = intraday_default, .count = CX_INTRADAY_BINS, .unit = "weight",
     .doc = "48 half-hour weights from midnight, normalised to mean 1",
     .source = "typical inbound profile: morning and early-afternoon peaks (parameter)"},
    {.path = "demand.weekday", .type = CX_PT_REALS, .offset = OFF(weekday), .lo = 0, .hi = 1e6,
     .defs = weekday_default, .count = 7, .unit = "weight",
     .doc = "7 weights, Monday first, normalised to mean 1",
     .source = "typical inbound profile: low weekends (parameter)"},
    {.path = "demand.season", .type = CX_PT_REALS, .offset = OFF(season), .lo = 0, .hi = 1e6,
     .defs = season_default, .count = 12, .unit = "weight",
     .doc = "12 monthly weights, normalised to mean 1", .source = "assumption (parameter)"},
    {.path = "demand.growth_per_year", .type = CX_PT_REAL, .offset = OFF(growth_per_year),
     .lo = -0.99, .hi = 10, .def = 0, .unit = "1/year", .doc = "compound volume growth"},
    {.path = "hours.open", .type = CX_PT_REALS, .offset = OFF(open_h), .lo = 0, .hi = 24,
     .defs = open_default, .count = 7, .unit = "h",
     .doc = "opening hour per weekday, Monday first, on the half hour (with demand.profile on: contacts arrive only while open; the day's demand is kept and spread over the open hours)",
     .source = "assumption: a typical inbound centre, 07:00-22:00 weekdays, 08:00-20:00 Saturday, 09:00-18:00 Sunday"},
    {.path = "hours.close", .type = CX_PT_REALS, .offset = OFF(close_h), .lo = 0, .hi = 24,
     .defs = close_default, .count = 7, .unit = "h",
     .doc = "closing hour per weekday, on the half hour; equal to hours.open: closed that day (its demand is lost)",
     .source = "assumption: see hours.open"},
    {.path = "demand.spikes", .type = CX_PT_RECORDS, .fields = spike_fields,
     .offset = OFF(spikes), .count = CX_MAX_SPIKES, .count_offset = OFF(n_spikes),
     .elem_size = sizeof(cx_spike), .doc = "list of {start_day, days, multiplier, complex_share}"},

    {.path = "handle.dist", .type = CX_PT_ENUM, .offset = OFF(handle.kind), .names = dist_names,
     .def = CX_DIST_EXP, .doc = "handle-time distribution: exp, lognormal, gamma, fixed"},
    {.path = "handle.mean_min", .type = CX_PT_REAL, .offset = OFF(handle.mean), .lo = 1e-6,
     .hi = 1e4, .def = 4, .unit = "min", .doc = "mean handle time",
     .source = "bench centre (issue 3); AHT about 6 min in industry pages"},
    {.path = "handle.cv", .type = CX_PT_REAL, .offset = OFF(handle.cv), .lo = 0, .hi = 100,
     .def = 1, .doc = "coefficient of variation (lognormal, gamma)"},
    {.path = "patience.dist", .type = CX_PT_ENUM, .offset = OFF(patience.kind),
     .names = dist_names, .def = CX_DIST_EXP,
     .doc = "patience distribution: exp, lognormal, gamma, fixed, none (never abandons)"},
    {.path = "patience.mean_min", .type = CX_PT_REAL, .offset = OFF(patience.mean), .lo = 1e-6,
     .hi = 1e6, .def = 3, .unit = "min", .doc = "mean patience"},
    {.path = "patience.cv", .type = CX_PT_REAL, .offset = OFF(patience.cv), .lo = 0, .hi = 100,
     .def = 1, .doc = "coefficient of variation (lognormal, gamma)"},

    {.path = "staff.agents", .type = CX_PT_INT, .offset = OFF(agents), .lo = 0, .hi = 1000000,
     .def = 45, .unit = "agents", .doc = "agents always on duty when mechanisms.schedules is false"},
    {.path = "contacts.complex_share", .type = CX_PT_REAL, .offset = OFF(m.complex_share), .lo = 0, .hi = 1, .def = 0.25, .unit = "fraction",
     .doc = "share of base contacts that are complex (product complexity)", .source = "assumption (parameter)"},
    {.path = "contacts.complex_handle", .type = CX_PT_REAL, .offset = OFF(m.complex_handle), .lo = 1, .hi = 20, .def = 1.8, .unit = "x",
     .doc = "handle-time multiplier of a complex contact", .source = "assumption (parameter)"},
    {.path = "contacts.complex_fcr", .type = CX_PT_REAL, .offset = OFF(m.complex_fcr), .lo = 0, .hi = 1, .def = 0.8, .unit = "x",
     .doc = "FCR multiplier of a complex contact", .source = "assumption (parameter)"},
    {.path = "contacts.complex_knowledge", .type = CX_PT_REAL, .offset = OFF(m.complex_knowledge), .lo = 0, .hi = 1, .def = 1, .unit = "weight",
     .doc = "how much more knowledge a complex contact needs: effective k = k(1-w) + k^2 w", .source = "assumption (parameter)"},
    {.path = "knowledge.novice_slowdown", .type = CX_PT_REAL, .offset = OFF(m.novice_slowdown), .lo = 0, .hi = 20, .def = 1.17, .unit = "x",
     .doc = "handle time at knowledge 0 is (1 + this) x the expert's", .source = "cinareo.com: month-1 AHT 5.3 vs month-12 2.8 min (efficiency 53%)"},
    {.path = "knowledge.fcr_novice", .type = CX_PT_REAL, .offset = OFF(m.fcr_novice), .lo = 0, .hi = 1, .def = 0.45, .unit = "fraction",
     .doc = "FCR of a simple contact at knowledge 0", .source = "SQM: average FCR 67-72%, world class 80% (calibrated)"},
    {.path = "knowledge.fcr_expert", .type = CX_PT_REAL, .offset = OFF(m.fcr_expert), .lo = 0, .hi = 1, .def = 0.86, .unit = "fraction",
     .doc = "FCR of a simple contact at knowledge 1", .source = "SQM: average FCR 67-72%, world class 80% (calibrated)"},
    {.path = "knowledge.csat_resolved", .type = CX_PT_REAL, .offset = OFF(m.csat_resolved), .lo = 0, .hi = 1, .def = 0.86, .unit = "fraction",
     .doc = "top-box chance when resolved on the first contact, at knowledge 0", .source = "SQM: CSAT top box 68-81%, world class 85%; CSAT moves with FCR (calibrated so FCR 67-72% gives CSAT near 68-72%)"},
    {.path = "knowledge.csat_knowledge", .type = CX_PT_REAL, .offset = OFF(m.csat_knowledge), .lo = 0, .hi = 1, .def = 0.14, .unit = "fraction",
     .doc = "added top-box chance of an expert on a first-contact resolution", .source = "assumption (parameter)"},
    {.path = "knowledge.csat_repeat", .type = CX_PT_REAL, .offset = OFF(m.csat_repeat), .lo = 0, .hi = 1, .def = 0.7, .unit = "fraction",
     .doc = "top-box chance when resolved on a repeat contact", .source = "SQM (calibrated with knowledge.csat_resolved)"},
    {.path = "knowledge.csat_unresolved", .type = CX_PT_REAL, .offset = OFF(m.csat_unresolved), .lo = 0, .hi = 1, .def = 0.3, .unit = "fraction",
     .doc = "top-box chance when not resolved", .source = "SQM (calibrated)"},
    {.path = "knowledge.csat_wait_penalty", .type = CX_PT_REAL, .offset = OFF(m.csat_wait_penalty), .lo = 0, .hi = 1, .def = 0.04, .unit = "1/min",
     .doc = "top-box loss per minute waited (up to knowledge.csat_wait_cap_min)", .source = "assumption (parameter)"},
    {.path = "knowledge.csat_wait_cap_min", .type = CX_PT_REAL, .offset = OFF(m.csat_wait_cap), .lo = 0, .hi = 1440, .def = 5, .unit = "min",
     .doc = "minutes of waiting past which the top-box loss stops growing",
     .source = "assumption: past about five minutes a longer wait changes the rating no further (at 0.04 a minute, a 5-minute wait costs 20 points of top box)"},
    {.path = "learning.k_start", .type = CX_PT_REAL, .offset = OFF(m.k_start), .lo = 0, .hi = 1, .def = 0.02, .unit = "0-1",
     .doc = "knowledge of a new hire", .source = "assumption: replacements start near zero (MODEL.md)"},
    {.path = "learning.k_classroom", .type = CX_PT_REAL, .offset = OFF(m.k_classroom), .lo = 0, .hi = 1, .def = 0.1, .unit = "0-1",
     .doc = "knowledge gained in the classroom", .source = "assumption (parameter)"},
    {.path = "learning.per_contact", .type = CX_PT_REAL, .offset = OFF(m.learn_per_contact), .lo = 0, .hi = 1, .def = 0.00022, .unit = "1/contact",
     .doc = "share of the gap to the ceiling closed per contact handled", .source = "calibrated: basic proficiency about 13 weeks (Dimension Data 2015), full at 8-12 months"},
    {.path = "learning.complex_factor", .type = CX_PT_REAL, .offset = OFF(m.learn_complex), .lo = 0, .hi = 10, .def = 1.5, .unit = "x",
     .doc = "a complex contact teaches this many times what a simple one does",
     .source = "assumption: a complex contact exercises more of the product (contacts.complex_knowledge) and teaches half as much again"},
    {.path = "learning.per_day", .type = CX_PT_REAL, .offset = OFF(m.learn_per_day), .lo = 0, .hi = 1, .def = 0.0035, .unit = "1/day",
     .doc = "share of the gap closed per day of employment at the reference training hours", .source = "calibrated with learning.per_contact"},
    {.path = "learning.proficient_k", .type = CX_PT_REAL, .offset = OFF(m.proficient_k), .lo = 0, .hi = 1, .def = 0.5, .unit = "0-1",
     .doc = "knowledge at which an agent counts as proficient (reported time to proficiency; no effect on the run)",
     .source = "the calibration's 'basic proficiency' point, reached in about 12.9 weeks (Dimension Data 2015)"},
    {.path = "learning.training_ref_hours", .type = CX_PT_REAL, .offset = OFF(m.training_ref_hours), .lo = 0.1, .hi = 200, .def = 4, .unit = "h/month",
     .doc = "training hours at which learning.per_day applies (linear in hours)", .source = "assumption (parameter)"},
    {.path = "learning.ceiling_base", .type = CX_PT_REAL, .offset = OFF(m.ceiling_base), .lo = 0, .hi = 1, .def = 0.9, .unit = "0-1",
     .doc = "knowledge ceiling with no knowledge base (a full base raises it to 1)", .source = "assumption (parameter)"},
    {.path = "learning.tenure_tau_days", .type = CX_PT_REAL, .offset = OFF(m.tenure_tau_days), .lo = 1, .hi = 36500, .def = 110, .unit = "day",
     .doc = "learning.mode tenure: knowledge = 1 - exp(-tenure/tau)", .source = "theory check (Whitt 2006)"},
    {.path = "kb.kept_per_month", .type = CX_PT_REAL, .offset = OFF(m.kb_kept_per_month), .lo = 0, .hi = 1, .def = 0.65, .unit = "fraction",
     .doc = "organisational knowledge kept per month without upkeep", .source = "Argote et al.; Kim 2005: 55-75%"},
    {.path = "kb.invest_scale", .type = CX_PT_REAL, .offset = OFF(m.kb_invest_scale), .lo = 1, .hi = 1000000000.0, .def = 250, .unit = "$/agent/month",
     .doc = "spend per agent that closes 63% of the gap to a full base in a month", .source = "assumption (parameter)"},
    {.path = "kb.capture", .type = CX_PT_REAL, .offset = OFF(m.kb_capture), .lo = 0, .hi = 100, .def = 0.1, .unit = "effort",
     .doc = "what experienced agents document in their normal work, in the same units as spend / kb.invest_scale: the monthly share of the gap to a full base closed is 1 - exp(-(spend / (invest_scale x headcount) + capture) x share of the floor proficient)",
     .source = "assumption: a base is written by people who know the answers; without dedicated time little gets written (parameter)"},
    {.path = "self_service.preventable", .type = CX_PT_REAL, .offset = OFF(m.ss_preventable), .lo = 0, .hi = 1, .def = 0.3, .unit = "fraction",
     .doc = "share of simple first contacts that self-service could serve (the ceiling, not the outcome)", .source = "preventable contacts 20-40% of inbound (Contact Center Pipeline 2026)"},
    {.path = "self_service.adoption", .type = CX_PT_REAL, .offset = OFF(m.ss_adoption), .lo = 0, .hi = 1, .def = 0.5, .unit = "fraction",
     .doc = "share of those customers who try self-service before calling", .source = "assumption (parameter)"},
    {.path = "self_service.resolve", .type = CX_PT_REAL, .offset = OFF(m.ss_resolve), .lo = 0, .hi = 1, .def = 0.6, .unit = "fraction",
     .doc = "chance a try resolves the issue, times the base's level kb; a failed try becomes a contact",
     .source = "assumption; with the defaults a complete base serves 9% of simple contacts: Gartner 2019, 9% of customers resolve an issue entirely in self-service"},
    {.path = "self_service.cost", .type = CX_PT_REAL, .offset = OFF(m.ss_cost), .lo = 0, .hi = 1000, .def = 0.1, .unit = "$/session",
     .doc = "the client's cost of a self-service session (platform and content hosting), successful or not", .source = "Gartner 2019: about $0.10 a self-service contact against $8.01 for a live one"},
    {.path = "self_service.fail_delay_min", .type = CX_PT_REAL, .offset = OFF(m.ss_fail_delay), .lo = 0, .hi = 1440, .def = 10, .unit = "min",
     .doc = "minutes from a failed try to the contact (during opening hours)", .source = "assumption (parameter)"},
    {.path = "kb.start_boost", .type = CX_PT_REAL, .offset = OFF(m.kb_start_boost), .lo = 0, .hi = 1, .def = 0.15, .unit = "0-1",
     .doc = "knowledge a full base gives a new hire", .source = "assumption (parameter)"},
    {.path = "kb.joint_initiative", .type = CX_PT_REAL, .offset = OFF(m.kb_joint_step), .lo = 0, .hi = 1, .def = 0.1, .unit = "fraction",
     .doc = "share of the gap to a full knowledge base a joint initiative closes (a strategic review in partnership)",
     .source = "assumption: one modest process improvement a quarter (vendor-to-partner article: joint initiatives from year two)"},
    {.path = "product.change_every_days", .type = CX_PT_REAL, .offset = OFF(m.change_every_days), .lo = 1, .hi = 36500, .def = 90, .unit = "day",
     .doc = "mean interval between product changes", .source = "assumption (parameter)"},
    {.path = "product.change_gap", .type = CX_PT_REAL, .offset = OFF(m.change_gap), .lo = 0, .hi = 1, .def = 0.25, .unit = "fraction",
     .doc = "effective knowledge lost to an uncommunicated change", .source = "assumption (parameter)"},
    {.path = "product.told_gap", .type = CX_PT_REAL, .offset = OFF(m.change_told_gap), .lo = 0, .hi = 1, .def = 0.05, .unit = "fraction",
     .doc = "effective knowledge lost to a communicated change", .source = "assumption (parameter)"},
    {.path = "product.relearn_days", .type = CX_PT_REAL, .offset = OFF(m.relearn_days), .lo = 0.1, .hi = 3650, .def = 20, .unit = "day",
     .doc = "time constant of catching up after a change", .source = "assumption (parameter)"},
    {.path = "product.rca_closes", .type = CX_PT_REAL, .offset = OFF(m.rca_gap_closed), .lo = 0, .hi = 1, .def = 0.5, .unit = "fraction",
     .doc = "share of the product-change knowledge gap a joint root-cause analysis that finds the cause closes at once",
     .source = "assumption: the analysis names the uncommunicated updates behind the contacts (vendor-to-partner article: a knowledge gap from an update not communicated is a typical root cause) and half the gap goes at once"},
    {.path = "attrition.early_share", .type = CX_PT_REAL, .offset = OFF(m.early_share), .lo = 0, .hi = 1, .def = 0.12, .unit = "fraction",
     .doc = "share of hires in the early-leaving phase (two-phase retention)", .source = "FurstPerson: up to 45% of new hires leave within 90 days (calibrated: 90-day attrition 10-15% of hires here)"},
    {.path = "attrition.early_mean_days", .type = CX_PT_REAL, .offset = OFF(m.early_mean_days), .lo = 1, .hi = 36500, .def = 75, .unit = "day",
     .doc = "mean employment of early leavers", .source = "FurstPerson (calibrated)"},
    {.path = "attrition.late_mean_days", .type = CX_PT_REAL, .offset = OFF(m.late_mean_days), .lo = 1, .hi = 36500, .def = 1600, .unit = "day",
     .doc = "mean employment of the others", .source = "QATC; SQM 2023: 30-45% annual (calibrated over five years with go-live and the poaching hazard, people.poach_rate: partner about 31%, vendor about 44%)"},
    {.path = "attrition.pay_elasticity", .type = CX_PT_REAL, .offset = OFF(m.quit_elasticity), .lo = 0, .hi = 10, .def = 2, .unit = "dimensionless",
     .doc = "quit hazard ~ (pay relative to market)^-elasticity", .source = "EPI: quit elasticity 2-3 (the low end: with 2.5 a 10% pay gap alone moved attrition 30%)"},
    {.path = "attrition.occupancy_ref", .type = CX_PT_REAL, .offset = OFF(m.occupancy_ref), .lo = 0, .hi = 1, .def = 0.88, .unit = "fraction",
     .doc = "occupancy above which workload raises quits", .source = "assumption (parameter)"},
    {.path = "attrition.occupancy_slope", .type = CX_PT_REAL, .offset = OFF(m.occupancy_slope), .lo = 0, .hi = 100, .def = 2, .unit = "1/occupancy",
     .doc = "hazard x exp(slope (occupancy - ref)) above ref", .source = "assumption (parameter)"},
    {.path = "attrition.occupancy_start", .type = CX_PT_REAL, .offset = OFF(m.occupancy_start), .lo = 0, .hi = 1, .def = 0.8, .unit = "fraction",
     .doc = "occupancy the workload factor reads before the first month is measured",
     .source = "assumption: a planned occupancy inside the usual target zone (Call Centre Helper: do not exceed 85% occupancy; 75-85% is the usual target zone), below attrition.occupancy_ref so the first month adds no workload quits"},
    {.path = "attrition.span_ref", .type = CX_PT_REAL, .offset = OFF(m.span_ref), .lo = 1, .hi = 100, .def = 12, .unit = "agents",
     .doc = "supervision span above which quits rise", .source = "ICMI: 1:8-12 typical"},
    {.path = "attrition.span_slope", .type = CX_PT_REAL, .offset = OFF(m.span_slope), .lo = 0, .hi = 10, .def = 0.05, .unit = "dimensionless",
     .doc = "hazard x (1 + slope (span - ref) / ref) above ref", .source = "assumption (calibrated: small beside pay, so that attrition stays inside 30-45% for both regimes)"},
    {.path = "attrition.engagement_effect", .type = CX_PT_REAL, .offset = OFF(m.engagement_effect), .lo = 0, .hi = 2, .def = 0.1, .unit = "dimensionless",
     .doc = "hazard x max(engagement_floor, 1 + effect (engagement_neutral - engagement))", .source = "assumption (calibrated: small beside pay, so that attrition stays inside 30-45% for both regimes)"},
    {.path = "attrition.engagement_neutral", .type = CX_PT_REAL, .offset = OFF(m.engagement_neutral), .lo = 0, .hi = 1, .def = 0.5, .unit = "0-1",
     .doc = "engagement at which the engagement factor is 1 (above it quits fall, below it they rise)",
     .source = "assumption: the middle of the engagement scale"},
    {.path = "attrition.engagement_floor", .type = CX_PT_REAL, .offset = OFF(m.engagement_floor), .lo = 0, .hi = 1, .def = 0.05, .unit = "x",
     .doc = "the engagement factor never goes below this",
     .source = "assumption: a floor so that no engagement switches quits off; reached only when engagement_effect x (engagement - neutral) >= 0.95"},
    {.path = "attrition.engagement_base", .type = CX_PT_REAL, .offset = OFF(m.engagement_base), .lo = 0, .hi = 1, .def = 0.35, .unit = "0-1",
     .doc = "engagement with no coaching and a span at engagement_span_worst or above",
     .source = "assumption: with coaching and span parts whole engagement is 1 (0.35 + 0.35 + 0.3); coaching and span weigh about the same"},
    {.path = "attrition.engagement_training", .type = CX_PT_REAL, .offset = OFF(m.engagement_training), .lo = 0, .hi = 1, .def = 0.35, .unit = "0-1",
     .doc = "engagement added by coaching, in proportion up to engagement_hours a month",
     .source = "assumption: see attrition.engagement_base"},
    {.path = "attrition.engagement_span", .type = CX_PT_REAL, .offset = OFF(m.engagement_span), .lo = 0, .hi = 1, .def = 0.3, .unit = "0-1",
     .doc = "engagement added by the span, whole at engagement_span_best, 0 at engagement_span_worst, linear between",
     .source = "assumption: see attrition.engagement_base"},
    {.path = "attrition.engagement_hours", .type = CX_PT_REAL, .offset = OFF(m.engagement_hours), .lo = 0.1, .hi = 200, .def = 8, .unit = "h/month",
     .doc = "monthly coaching and training hours that give the whole coaching part of engagement",
     .source = "assumption: two hours a week, twice the training_hours lever default (4)"},
    {.path = "attrition.engagement_span_best", .type = CX_PT_REAL, .offset = OFF(m.engagement_span_best), .lo = 1, .hi = 1000, .def = 8, .unit = "agents",
     .doc = "span at or below which the span part of engagement is whole",
     .source = "ICMI: 1:8-12 typical (its low end)"},
    {.path = "attrition.engagement_span_worst", .type = CX_PT_REAL, .offset = OFF(m.engagement_span_worst), .lo = 1, .hi = 1000, .def = 20, .unit = "agents",
     .doc = "span at or above which the span part of engagement is 0",
     .source = "ICMI: 1:15-20 in large centres (its high end); a supervisor of 30 cannot manage as one of 15 does (choosing-a-cx-partner article)"},
    {.path = "people.aptitude_sd", .type = CX_PT_REAL, .offset = OFF(m.aptitude_sd), .lo = 0, .hi = 1, .def = 0.15, .unit = "log sd",
     .doc = "spread of a hire's aptitude (a lifelong multiplier of how fast it learns and how much of what it knows it applies); lognormal with the pool's mean",
     .source = "assumption: agents' individual performance differs by about +/-15% around the mean at equal tenure (parameter; set 0 for identical agents)"},
    {.path = "people.hire_pay_slope", .type = CX_PT_REAL, .offset = OFF(m.hire_pay_slope), .lo = 0, .hi = 5, .def = 0.5, .unit = "dimensionless",
     .doc = "the recruiting pool's mean aptitude is 1 + this x (pay_rel - 1): paying below market attracts weaker applicants",
     .source = "assumption (efficiency wages: Weiss 1980; Krueger & Summers 1988); 0 switches it off"},
    {.path = "people.outside_skill", .type = CX_PT_REAL, .offset = OFF(m.outside_skill), .lo = 0, .hi = 5, .def = 0.5, .unit = "dimensionless",
     .doc = "an agent's outside offer, relative to market pay, rises by this x (aptitude - 1): the market pays part of a better agent's productivity",
     .source = "assumption: about half of a productivity difference passes into the wage offered elsewhere (parameter)"},
    {.path = "people.outside_knowledge", .type = CX_PT_REAL, .offset = OFF(m.outside_knowledge), .lo = 0, .hi = 5, .def = 0.05, .unit = "dimensionless",
     .doc = "an agent's outside offer rises by this x its knowledge (an experienced agent is worth more to a competitor)",
     .source = "assumption: an experienced agent is offered about 5% above the entry rate (parameter)"},
    {.path = "people.poach_rate", .type = CX_PT_REAL, .offset = OFF(m.poach_rate), .lo = 0, .hi = 100, .def = 0.8, .unit = "1/year",
     .doc = "quit hazard added per unit by which an agent's outside offer exceeds its pay (pay_rel): the best agents leave a low payer first",
     .source = "assumption: an agent offered 10% more than it earns faces 0.08 added quits a year, an offer 30% higher 0.24; calibrated with attrition.late_mean_days so both regimes of scripts/default.lua stay in 30-45% annual attrition (parameter; 0 switches it off)"},
    {.path = "hiring.vacancy_days", .type = CX_PT_REAL, .offset = OFF(m.vacancy_days), .lo = 0, .hi = 3650, .def = 34, .unit = "day",
     .doc = "mean days to fill a vacancy", .source = "cinareo.com: 34 days to fill"},
    {.path = "hiring.classroom_days", .type = CX_PT_REAL, .offset = OFF(m.classroom_days), .lo = 0, .hi = 3650, .def = 28, .unit = "day",
     .doc = "classroom training", .source = "cinareo.com: 40 days training + nesting"},
    {.path = "hiring.nesting_days", .type = CX_PT_REAL, .offset = OFF(m.nesting_days), .lo = 0, .hi = 3650, .def = 14, .unit = "day",
     .doc = "nesting on the floor at reduced throughput", .source = "cinareo.com: 40 days training + nesting"},
    {.path = "hiring.nesting_slowdown", .type = CX_PT_REAL, .offset = OFF(m.nesting_slowdown), .lo = 0, .hi = 10, .def = 0.3, .unit = "x",
     .doc = "extra handle-time multiplier while nesting", .source = "assumption (parameter)"},
    {.path = "staff.hours_per_week", .type = CX_PT_REAL, .offset = OFF(m.hours_per_week), .lo = 1, .hi = 168, .def = 40, .unit = "h",
     .doc = "paid hours of a full-time agent", .source = "assumption (parameter)"},
    {.path = "staff.shrinkage", .type = CX_PT_REAL, .offset = OFF(m.shrinkage), .lo = 0, .hi = 0.95, .def = 0.33, .unit = "fraction",
     .doc = "paid time not on the phones (breaks, meetings, training, absence)", .source = "WFM industry surveys: 30-35%"},
    {.path = "staff.temps_knowledge", .type = CX_PT_REAL, .offset = OFF(m.temps_knowledge), .lo = 0, .hi = 1, .def = 0.25, .unit = "0-1",
     .doc = "knowledge of a temp (temps know less and do not learn)", .source = "assumption (parameter)"},
    {.path = "staff.temps_premium", .type = CX_PT_REAL, .offset = OFF(m.temps_premium), .lo = 0, .hi = 10, .def = 1.3, .unit = "x",
     .doc = "cost of a temp relative to an agent", .source = "assumption (parameter)"},
    {.path = "staff.temps_cover", .type = CX_PT_REAL, .offset = OFF(m.temps_cover), .lo = 0, .hi = 10, .def = 1.0, .unit = "fraction",
     .doc = "share of a planned spike's extra shifts (spike template minus ordinary one) that temps cover, lever temps on; without schedules: temps per agent of extra demand, round(this x (multiplier - 1) x headcount)",
     .source = "assumption: the planner books temps for all the extra shifts of a launch it knows about"},
    {.path = "staff.plan_unresolved", .type = CX_PT_REAL, .offset = OFF(m.plan_unresolved), .lo = 0, .hi = 0.99, .def = 0.3, .unit = "fraction",
     .doc = "share of issues the first plan assumes come back (forecast x 1 / (1 - this x repeats.return)); later plans read last month's demand",
     .source = "SQM: average FCR 67-72%, so about 30% of issues unresolved"},
    {.path = "staff.plan_learning", .type = CX_PT_REAL, .offset = OFF(m.plan_learning), .lo = 0, .hi = 1, .def = 0.5, .unit = "fraction",
     .doc = "how far the plan's knowledge goes from today's team (0) to a settled team's (1), when today's is lower",
     .source = "assumption: hires learn while the plan is in force, so the rule plans halfway (planning on today's novices alone would hire more novices still)"},
    {.path = "staff.plan_miss_cap", .type = CX_PT_REAL, .offset = OFF(m.plan_miss_cap), .lo = 0, .hi = 1, .def = 0.1, .unit = "fraction",
     .doc = "a month's service-level miss (aim - achieved) counts up to this much either way",
     .source = "assumption: one bad month (a spike, a transition) moves the plan gain by at most exp(0.5 x 0.1), about 5%"},
    {.path = "staff.plan_gain_rate", .type = CX_PT_REAL, .offset = OFF(m.plan_gain_rate), .lo = 0, .hi = 10, .def = 0.5, .unit = "1/service level",
     .doc = "the plan gain is multiplied by exp(this x miss) each month",
     .source = "assumption: a 10-point miss raises the next plan by about 5%, slow enough not to oscillate"},
    {.path = "staff.plan_gain_min", .type = CX_PT_REAL, .offset = OFF(m.plan_gain_min), .lo = 0.1, .hi = 10, .def = 0.95, .unit = "x",
     .doc = "lowest plan gain (agents planned / Erlang A's need)",
     .source = "assumption: the rule trusts Erlang A to within -5%"},
    {.path = "staff.plan_gain_max", .type = CX_PT_REAL, .offset = OFF(m.plan_gain_max), .lo = 0.1, .hi = 10, .def = 1.15, .unit = "x",
     .doc = "highest plan gain (integrated only from months staffed as planned, with no ramp or launch: no wind-up)",
     .source = "assumption: +15% covers what Erlang A on half-hour averages misses (retrials, mixed skills, peaks within the half hour)"},
    {.path = "staff.settled_occupancy", .type = CX_PT_REAL, .offset = OFF(m.settled_occupancy), .lo = 0, .hi = 1, .def = 0.8, .unit = "fraction",
     .doc = "occupancy of a settled team: its quit factor and its contacts a day when the plan and a bid estimate its knowledge",
     .source = "assumption: inside the usual target zone (Call Centre Helper: do not exceed 85% occupancy; 75-85% is the usual target zone), below attrition.occupancy_ref"},
    {.path = "staff.settled_handle", .type = CX_PT_REAL, .offset = OFF(m.settled_handle), .lo = 1, .hi = 20, .def = 1.5, .unit = "x",
     .doc = "handle time of a team still learning relative to an expert's, when its knowledge is estimated",
     .source = "assumption: 1 + knowledge.novice_slowdown x (1 - 0.57); cinareo.com: month-1 AHT 1.9x month-12"},
    {.path = "staff.redeploy_above", .type = CX_PT_REAL, .offset = OFF(m.redeploy_above), .lo = 1, .hi = 10, .def = 1.1, .unit = "x",
     .doc = "agents are redeployed to other accounts above ceil(this x the staffing target) + 1, after a month that met staff_sl",
     .source = "assumption: a margin wide enough to ride out a seasonal dip without moving people out and hiring them back (the plan already hires ahead for the season's peak)"},
    {.path = "staff.shift_hours", .type = CX_PT_REAL, .offset = OFF(m.shift_hours), .lo = 2, .hi = 16, .def = 8, .unit = "h",
     .doc = "paid length of a shift, breaks included; an agent works staff.hours_per_week / this shifts a week",
     .source = "assumption: the usual full-time shift of 8 paid hours, 5 a week"},
    {.path = "staff.shrink_breaks", .type = CX_PT_REAL, .offset = OFF(m.shrink_breaks), .lo = 0, .hi = 0.5, .def = 0.125, .unit = "fraction",
     .doc = "share of each shift on breaks, taken as half hours inside the shift",
     .source = "assumption: two 15-minute breaks and a 30-minute paid lunch in an 8-hour shift (1 h of 8); WFM surveys put total shrinkage at 30-35%"},
    {.path = "staff.shrink_meetings", .type = CX_PT_REAL, .offset = OFF(m.shrink_meetings), .lo = 0, .hi = 0.5, .def = 0.0625, .unit = "fraction",
     .doc = "share of each shift in team meetings and coaching, taken as half hours inside the shift",
     .source = "assumption: half an hour a shift (2.5 h a week) of team meetings, coaching and briefings"},
    {.path = "staff.shrink_absence", .type = CX_PT_REAL, .offset = OFF(m.shrink_absence), .lo = 0, .hi = 0.5, .def = 0.05, .unit = "fraction",
     .doc = "share of working days lost to sickness and unplanned absence, as whole days (paid)",
     .source = "assumption: about 12 days a year (contact-centre absence is commonly quoted at 4-6%)"},
    {.path = "staff.shrink_leave", .type = CX_PT_REAL, .offset = OFF(m.shrink_leave), .lo = 0, .hi = 0.5, .def = 0.11, .unit = "fraction",
     .doc = "share of working days on annual leave and public holidays, as whole days (paid)",
     .source = "assumption: about 27 days a year of annual leave and public holidays; with the parts above 1 - (1 - 0.125 - 0.0625) x (1 - 0.05 - 0.11) = 31.75% of paid time (WFM surveys: 30-35%)"},
    {.path = "staff.plan_max_abandon", .type = CX_PT_REAL, .offset = OFF(m.plan_max_abandon), .lo = 0, .hi = 1, .def = 0.05, .unit = "fraction",
     .doc = "the staffing plan keeps Erlang A's abandonment of every half hour at or below this (0: service level only)",
     .source = "industry glossaries: 5-8% abandonment normal; the planner aims at the low end"},
    {.path = "golive.ramp_days", .type = CX_PT_REAL, .offset = OFF(m.ramp_days), .lo = 0, .hi = 365, .def = 28, .unit = "day",
     .doc = "go-live: the volume is phased in over this many days in weekly steps from golive.ramp_start to all of it (0: all from day 1); applies with demand.profile and mechanisms.schedules",
     .source = "assumption: a parallel run at 10-15% of volume, then weekly steps (industry pattern; onboarding within 90 days)"},
    {.path = "golive.ramp_start", .type = CX_PT_REAL, .offset = OFF(m.ramp_start), .lo = 0.01, .hi = 1, .def = 0.15, .unit = "fraction",
     .doc = "go-live: share of the volume the new centre takes in its first week (the rest stays with the client's previous operation)",
     .source = "assumption: a parallel run at 10-15% of volume (industry pattern)"},
    {.path = "staff.redeploy_max", .type = CX_PT_REAL, .offset = OFF(m.redeploy_max), .lo = 0, .hi = 1, .def = 0.08, .unit = "fraction",
     .doc = "redeployment to other accounts stops when the month's quits and moves reach this share of the headcount (the rest waits for the next month)",
     .source = "assumption: a provider moves people between accounts in small groups; the team shrinks by under 10% a month"},
    {.path = "staff.overtime_max", .type = CX_PT_REAL, .offset = OFF(m.overtime_max), .lo = 0, .hi = 1, .def = 0.2, .unit = "fraction",
     .doc = "on a day of a planned spike, the team works up to this share more shifts than an ordinary day's (overtime: an extra day for some), for what temps do not cover",
     .source = "assumption: one extra shift a week for each employee at most (40 h + 8 h)"},
    {.path = "staff.overtime_premium", .type = CX_PT_REAL, .offset = OFF(m.overtime_premium), .lo = 1, .hi = 5, .def = 1.5, .unit = "x",
     .doc = "overtime pay per hour relative to the contracted hourly wage",
     .source = "assumption: time and a half, the common overtime rate"},
    {.path = "repeats.return", .type = CX_PT_REAL, .offset = OFF(m.repeat_return), .lo = 0, .hi = 1, .def = 0.9, .unit = "fraction",
     .doc = "an unresolved customer comes back", .source = "calibrated: FCR 67% gives about 1.5 contacts per issue"},
    {.path = "repeats.mean_hours", .type = CX_PT_REAL, .offset = OFF(m.repeat_mean_hours), .lo = 0.01, .hi = 10000, .def = 24, .unit = "h",
     .doc = "mean time before the repeat contact", .source = "assumption (parameter)"},
    {.path = "repeats.retry_abandoned", .type = CX_PT_REAL, .offset = OFF(m.retry_abandoned), .lo = 0, .hi = 1, .def = 0.6, .unit = "fraction",
     .doc = "an abandoner tries again", .source = "assumption (parameter)"},
    {.path = "repeats.retry_mean_min", .type = CX_PT_REAL, .offset = OFF(m.retry_mean_min), .lo = 0.01, .hi = 100000, .def = 30, .unit = "min",
     .doc = "mean time before the retry", .source = "assumption (parameter)"},
    {.path = "repeats.max_attempts", .type = CX_PT_INT, .offset = OFF(m.max_attempts), .lo = 1, .hi = 100, .def = 4, .unit = "contacts",
     .doc = "contacts per issue before the customer gives up", .source = "assumption (parameter)"},
    {.path = "defects.per_year", .type = CX_PT_REAL, .offset = OFF(m.defects_per_year), .lo = 0, .hi = 1000, .def = 6, .unit = "1/year",
     .doc = "new product defects", .source = "assumption; preventable contacts 20-40% (Contact Center Pipeline 2026)"},
    {.path = "defects.share", .type = CX_PT_REAL, .offset = OFF(m.defect_share), .lo = 0, .hi = 10, .def = 0.03, .unit = "fraction",
     .doc = "a defect's contacts as a share of base demand", .source = "assumption (parameter)"},
    {.path = "defects.size_low", .type = CX_PT_REAL, .offset = OFF(m.defect_size_low), .lo = 0, .hi = 100, .def = 0.5, .unit = "x",
     .doc = "a defect's contact rate is defects.share x the base rate x U(this, this + 1)",
     .source = "assumption: defects differ in size, from half to one and a half times defects.share (mean 1)"},
    {.path = "defects.natural_days", .type = CX_PT_REAL, .offset = OFF(m.defect_natural_days), .lo = 1, .hi = 36500, .def = 180, .unit = "day",
     .doc = "mean time the client takes to find and fix a defect unaided", .source = "assumption (parameter)"},
    {.path = "defects.notice_expert", .type = CX_PT_REAL, .offset = OFF(m.notice_expert), .lo = 0, .hi = 1, .def = 0.002, .unit = "1/contact",
     .doc = "chance an expert notices the defect behind a contact (x knowledge^4)", .source = "assumption (parameter)"},
    {.path = "customers.base", .type = CX_PT_REAL, .offset = OFF(m.customers), .lo = 0, .hi = 10000000000.0, .def = 2000000, .unit = "customers",
     .doc = "customer base at the start", .source = "assumption (parameter)"},
    {.path = "customers.base_churn", .type = CX_PT_REAL, .offset = OFF(m.base_churn), .lo = 0, .hi = 1, .def = 0.01, .unit = "1/month",
     .doc = "churn for reasons other than CX (replaced by acquisition)", .source = "assumption (parameter)"},
    {.path = "customers.intent_first", .type = CX_PT_REAL, .offset = OFF(m.intent_first), .lo = 0, .hi = 1, .def = 0.05, .unit = "fraction",
     .doc = "defection intent after a first-contact resolution", .source = "SQM 2022: 5%"},
    {.path = "customers.intent_repeat", .type = CX_PT_REAL, .offset = OFF(m.intent_repeat), .lo = 0, .hi = 1, .def = 0.09, .unit = "fraction",
     .doc = "defection intent after resolution on 2+ contacts", .source = "SQM 2022: 9%"},
    {.path = "customers.intent_unresolved", .type = CX_PT_REAL, .offset = OFF(m.intent_unresolved), .lo = 0, .hi = 1, .def = 0.25, .unit = "fraction",
     .doc = "defection intent when unresolved", .source = "SQM 2022: 25%"},
    {.path = "customers.intent_to_churn", .type = CX_PT_REAL, .offset = OFF(m.intent_to_churn), .lo = 0, .hi = 1, .def = 0.1, .unit = "fraction",
     .doc = "share of defection intent that becomes churn", .source = "assumption, plausible 0.05-0.3: stated switching intent overstates switching (Wirtz et al. 2014, J. Retailing 90(4))"},
    {.path = "customers.value", .type = CX_PT_REAL, .offset = OFF(m.customer_value), .lo = 0, .hi = 1000000000.0, .def = 300, .unit = "$",
     .doc = "revenue lost per churned customer", .source = "assumption: margin a subscription customer brings over its remaining life; the headline also shows the lost-customer gap at customers.value_low and _high"},
    {.path = "customers.value_low", .type = CX_PT_REAL, .offset = OFF(m.value_low), .lo = 0, .hi = 1000000000.0, .def = 100, .unit = "$",
     .doc = "low end of the customer value's range, for the printed headline only", .source = "assumption: low-margin consumer service"},
    {.path = "customers.value_high", .type = CX_PT_REAL, .offset = OFF(m.value_high), .lo = 0, .hi = 1000000000.0, .def = 1000, .unit = "$",
     .doc = "high end of the customer value's range, for the printed headline only", .source = "assumption: contract subscription (telecom, insurance)"},
    {.path = "customers.intent_per_contact", .type = CX_PT_REAL, .offset = OFF(m.intent_per_contact), .lo = 0, .hi = 1, .def = 0.04, .unit = "fraction",
     .doc = "extra defection intent for each contact an issue takes beyond the second (abandoned attempts count)", .source = "SQM 2022 5% -> 9% from one contact to two, extended per contact (assumption); effort drives disloyalty (CEB, The Effortless Experience 2013)"},
    {.path = "customers.intent_per_wait_min", .type = CX_PT_REAL, .offset = OFF(m.intent_per_wait_min), .lo = 0, .hi = 1, .def = 0.005, .unit = "1/min",
     .doc = "extra defection intent per minute waited on the issue's last contact", .source = "assumption (CEB effort finding; plausible 0-0.01)"},
    {.path = "customers.intent_wait_cap_min", .type = CX_PT_REAL, .offset = OFF(m.intent_wait_cap_min), .lo = 0, .hi = 1440, .def = 10, .unit = "min",
     .doc = "minutes of waiting beyond which intent rises no further", .source = "assumption"},
    {.path = "economics.wage_month", .type = CX_PT_REAL, .offset = OFF(m.wage_month), .lo = 0, .hi = 10000000.0, .def = 3200, .unit = "$/month",
     .doc = "market wage of an agent, loaded", .source = "assumption; labour 65-75% of cost (industry surveys)"},
    {.path = "economics.supervisor_wage", .type = CX_PT_REAL, .offset = OFF(m.supervisor_wage), .lo = 0, .hi = 100, .def = 1.8, .unit = "x",
     .doc = "supervisor cost relative to an agent", .source = "assumption (parameter)"},
    {.path = "economics.recruit_cost", .type = CX_PT_REAL, .offset = OFF(m.recruit_cost), .lo = 0, .hi = 10000000.0, .def = 4000, .unit = "$",
     .doc = "recruiting cost per hire", .source = "replacement cost $10k-20k with training time (Gartner $14,113)"},
    {.path = "economics.trainer_cost", .type = CX_PT_REAL, .offset = OFF(m.trainer_cost), .lo = 0, .hi = 10000000.0, .def = 2500, .unit = "$",
     .doc = "classroom trainer and material per hire", .source = "replacement cost $10k-20k (Gartner)"},
    {.path = "economics.tech_per_seat", .type = CX_PT_REAL, .offset = OFF(m.tech_per_seat), .lo = 0, .hi = 10000000.0, .def = 1100, .unit = "$/month",
     .doc = "technology, facilities and overhead per employee", .source = "calibrated: labour 65-75% of cost"},
    {.path = "economics.governance_hour", .type = CX_PT_REAL, .offset = OFF(m.governance_hour), .lo = 0, .hi = 1000000.0, .def = 90, .unit = "$/h",
     .doc = "client manager cost per hour", .source = "assumption (parameter)"},
    {.path = "economics.ops_review_hours", .type = CX_PT_REAL, .offset = OFF(m.ops_review_hours), .lo = 0, .hi = 1000, .def = 16, .unit = "h",
     .doc = "client hours per monthly operational review", .source = "assumption (parameter)"},
    {.path = "economics.strategic_hours", .type = CX_PT_REAL, .offset = OFF(m.strategic_hours), .lo = 0, .hi = 1000, .def = 24, .unit = "h",
     .doc = "client hours per quarterly strategic review", .source = "assumption (parameter)"},
    {.path = "economics.rca_hours", .type = CX_PT_REAL, .offset = OFF(m.rca_hours), .lo = 0, .hi = 1000, .def = 16, .unit = "h",
     .doc = "client hours per joint root-cause analysis", .source = "assumption (parameter)"},
    {.path = "economics.rfp_cost", .type = CX_PT_REAL, .offset = OFF(m.rfp_cost), .lo = 0, .hi = 1000000000.0, .def = 60000, .unit = "$",
     .doc = "client cost of running a tender", .source = "assumption (parameter)"},
    {.path = "economics.transition_client", .type = CX_PT_REAL, .offset = OFF(m.transition_client), .lo = 0, .hi = 1000000000.0, .def = 150000, .unit = "$",
     .doc = "client cost of a provider change", .source = "assumption (parameter; no public figure)"},
    {.path = "economics.transition_provider", .type = CX_PT_REAL, .offset = OFF(m.transition_provider), .lo = 0, .hi = 1000000000.0, .def = 120000, .unit = "$",
     .doc = "a new provider's set-up cost", .source = "assumption (parameter; no public figure)"},
    {.path = "economics.setup_billed", .type = CX_PT_REAL, .offset = OFF(m.setup_billed), .lo = 0, .hi = 1, .def = 1, .unit = "fraction",
     .doc = "share of a provider's one-off set-up (the opening team's recruiting, training and classroom wages, and its set-up cost) the client pays as an implementation fee, at go-live and at each transition",
     .source = "assumption: set-up is billed as a one-off transition charge, a usual commercial term (Outsourcing Fundamentals, hpwd.co.uk: providers seek a fair return on set-up investment); 0 leaves it in the provider's margin"},
    {.path = "economics.penalty_cap", .type = CX_PT_REAL, .offset = OFF(m.penalty_cap), .lo = 0, .hi = 1, .def = 0.12, .unit = "fraction",
     .doc = "penalties capped at this share of monthly fees (the at-risk amount)",
     .source = "service credits capped at about 10-12% of the monthly invoice (Alsbridge 2010, outsourcing advisory; MODEL.md); the upper end"},
    {.path = "economics.bid_occupancy", .type = CX_PT_REAL, .offset = OFF(m.bid_occupancy), .lo = 0.01, .hi = 1, .def = 0.78, .unit = "fraction",
     .doc = "occupancy at which a bid sizes its team (heads on duty = workload / this)",
     .source = "assumption: a little under 80%, inside the usual target zone (Call Centre Helper: do not exceed 85% occupancy; 75-85% is the usual target zone), leaving room for the peaks"},
    {.path = "economics.leaver_wage_months", .type = CX_PT_REAL, .offset = OFF(m.leaver_wage_months), .lo = 0, .hi = 120, .def = 1.5, .unit = "month",
     .doc = "wages a bid counts per leaver, on top of recruiting and trainer cost",
     .source = "assumption: a replacement is paid about 1.5 months before it is productive (cinareo.com: 40 days training + nesting, plus a slow start)"},
    {.path = "economics.setup_wage_months", .type = CX_PT_REAL, .offset = OFF(m.setup_wage_months), .lo = 0, .hi = 120, .def = 2, .unit = "month",
     .doc = "wages a bid counts per head of its start-up team",
     .source = "assumption: a start-up team is paid about two months through classroom and nesting (cinareo.com: 40 days training + nesting)"},
    {.path = "economics.setup_months", .type = CX_PT_REAL, .offset = OFF(m.setup_months), .lo = 1, .hi = 600, .def = 36, .unit = "month",
     .doc = "months over which a bid recovers its start-up cost",
     .source = "assumption: a three-year term (the contract_years lever default; vendor relationships re-bid every 2-3 years, vendor-to-partner article)"},
    {.path = "relationship.trust_initial", .type = CX_PT_REAL, .offset = OFF(m.trust_initial), .lo = 0, .hi = 1, .def = 0.3, .unit = "0-1",
     .doc = "trust when a relationship starts", .source = "assumption (parameter)"},
    {.path = "relationship.trust_step", .type = CX_PT_REAL, .offset = OFF(m.trust_step), .lo = 0, .hi = 1, .def = 0.04, .unit = "fraction",
     .doc = "a success closes this share of the gap to full trust", .source = "assumption (parameter)"},
    {.path = "relationship.asymmetry", .type = CX_PT_REAL, .offset = OFF(m.trust_asymmetry), .lo = 1, .hi = 100, .def = 2.5, .unit = "x",
     .doc = "a breach moves trust this many times more than a success", .source = "Slovic 1993 (parameter: ratio)"},
    {.path = "relationship.phase_proof", .type = CX_PT_REAL, .offset = OFF(m.phase_proof), .lo = 0, .hi = 1, .def = 0.25, .unit = "0-1",
     .doc = "trust at which operational proof (phase 1) starts",
     .source = "assumption: just under relationship.trust_initial, so a new relationship starts in operational proof (vendor-to-partner article: months 0-6 operational proof, 6-12 transparency test, year two joint initiatives)"},
    {.path = "relationship.phase_transparency", .type = CX_PT_REAL, .offset = OFF(m.phase_transparency), .lo = 0, .hi = 1, .def = 0.45, .unit = "0-1",
     .doc = "trust at which the transparency test (phase 2) starts",
     .source = "assumption: low enough that a provider with a clean record reaches it by the end of its proof (relationship.proof_months) for trust steps 0.02-0.08; the phase then starts at months 6-9 for the partner regime of scripts/default.lua over 8 seeds and steps 0.04-0.08 (docs/model.md, phase timing), the article's mark (vendor-to-partner article: months 0-6 operational proof, 6-12 transparency test, year two joint initiatives)"},
    {.path = "relationship.phase_partnership", .type = CX_PT_REAL, .offset = OFF(m.phase_partnership), .lo = 0, .hi = 1, .def = 0.6, .unit = "0-1",
     .doc = "trust at which partnership (phase 3) starts; a strategic review then launches a joint initiative",
     .source = "assumption: the partner regime of scripts/default.lua reaches partnership at months 12-15 over 8 seeds and steps 0.04-0.08 (the test's length and openness decide; docs/model.md, phase timing), the start of year two (vendor-to-partner article: months 0-6 operational proof, 6-12 transparency test, year two joint initiatives)"},
    {.path = "relationship.phase_hysteresis", .type = CX_PT_REAL, .offset = OFF(m.phase_hysteresis), .lo = 0, .hi = 1, .def = 0.08, .unit = "0-1",
     .doc = "a phase is left only when trust falls this far below its threshold",
     .source = "assumption: more than one breach takes (about 0.05 at trust 0.5, 0.075 at 0.75), so a phase survives one bad month but not two in a row"},
    {.path = "relationship.open_book_step", .type = CX_PT_REAL, .offset = OFF(m.open_book_step), .lo = 0, .hi = 10, .def = 2, .unit = "trust steps",
     .doc = "trust steps a provider that opens its books when it refuses a rate cut earns (transparency 0.5 or more); the refusal itself is a breach",
     .source = "assumption: showing the books in a dispute nearly offsets the dispute (vendor-to-partner article: the open-book conversation)"},
    {.path = "relationship.tender_step", .type = CX_PT_REAL, .offset = OFF(m.tender_step), .lo = 0, .hi = 10, .def = 2, .unit = "breaches",
     .doc = "breaches a tender called on the sitting provider counts as (a lost tender restarts trust with the new provider anyway)",
     .source = "assumption: weighed like the open book it answers (relationship.open_book_step); vendor-to-partner article: procurement asking each year whether a cheaper alternative exists treats the provider as a commodity"},
    {.path = "relationship.proof_months", .type = CX_PT_REAL, .offset = OFF(m.proof_months), .lo = 0, .hi = 120, .def = 6, .unit = "months",
     .doc = "months of SLA met in a row the provider needs (with trust at relationship.phase_transparency) to pass operational proof",
     .source = "vendor-to-partner article: months 0-6 operational proof (a missed month restarts the count)"},
    {.path = "relationship.test_months", .type = CX_PT_REAL, .offset = OFF(m.test_months), .lo = 0, .hi = 120, .def = 6, .unit = "months",
     .doc = "months in the transparency test before partnership (with trust at relationship.phase_partnership)",
     .source = "vendor-to-partner article: months 6-12 transparency test, year two joint initiatives"},
    {.path = "relationship.test_openness", .type = CX_PT_REAL, .offset = OFF(m.test_openness), .lo = 0, .hi = 100, .def = 3, .unit = "experiences",
     .doc = "experiences of openness in the test (a defect reported, a reported defect fixed, a change shared, books opened) partnership needs",
     .source = "assumption: a pattern, not a single gesture (parameter)"},
    {.path = "relationship.rca_empty_step", .type = CX_PT_REAL, .offset = OFF(m.rca_empty_step), .lo = 0, .hi = 10, .def = 0, .unit = "trust steps",
     .doc = "trust steps a joint root-cause analysis that finds nothing is worth (one that finds the cause: 1)",
     .source = "assumption: an analysis that finds nothing is no evidence either way (parameter)"},
    {.path = "incident.csat_drop", .type = CX_PT_REAL, .offset = OFF(m.incident_csat_drop), .lo = 0, .hi = 1, .def = 0.03, .unit = "fraction",
     .doc = "CSAT this far below its smoothed level is an incident (a quality drop)",
     .source = "assumption: a 3-point fall of top-box CSAT is a clear step, well above the sampling noise of a month's ratings"},
    {.path = "incident.csat_weight", .type = CX_PT_REAL, .offset = OFF(m.incident_csat_weight), .lo = 0, .hi = 1, .def = 0.3, .unit = "fraction",
     .doc = "weight of the new month in the smoothed CSAT level (the old level keeps 1 - this)",
     .source = "assumption: the level remembers about the last three months"},
    {.path = "incident.csat_after_months", .type = CX_PT_INT, .offset = OFF(m.incident_after_months), .lo = 0, .hi = 1200, .def = 3, .unit = "month",
     .doc = "CSAT drops count as incidents only after this many months",
     .source = "assumption: the smoothed level needs a quarter to mean anything"},
    {.path = "intelligence.report_base", .type = CX_PT_REAL, .offset = OFF(m.report_base), .lo = 0, .hi = 1, .def = 0.3, .unit = "fraction",
     .doc = "chance a noticed defect is reported at a monthly review: transparency x (this + report_trust x trust)",
     .source = "assumption: without trust a transparent provider still tells 30% of what it notices; trust makes up the rest"},
    {.path = "intelligence.report_trust", .type = CX_PT_REAL, .offset = OFF(m.report_trust), .lo = 0, .hi = 1, .def = 0.7, .unit = "fraction",
     .doc = "see intelligence.report_base",
     .source = "assumption: see intelligence.report_base (full trust: everything a fully transparent provider notices)"},
    {.path = "intelligence.rca_find_base", .type = CX_PT_REAL, .offset = OFF(m.rca_find_base), .lo = 0, .hi = 1, .def = 0.4, .unit = "fraction",
     .doc = "chance a joint root-cause analysis finds the cause: this + rca_find_trust x trust",
     .source = "assumption: 40% without trust, always at full trust (vendor-to-partner article: the first joint problem-solving is the transparency test)"},
    {.path = "intelligence.rca_find_trust", .type = CX_PT_REAL, .offset = OFF(m.rca_find_trust), .lo = 0, .hi = 1, .def = 0.6, .unit = "fraction",
     .doc = "see intelligence.rca_find_base",
     .source = "assumption: see intelligence.rca_find_base"},
    {.path = "contract.bid_spread", .type = CX_PT_REAL, .offset = OFF(m.bid_spread), .lo = 0, .hi = 1, .def = 0.08, .unit = "fraction",
     .doc = "competing bids vary by up to this share", .source = "assumption (parameter)"},
    {.path = "contract.switch_threshold", .type = CX_PT_REAL, .offset = OFF(m.switch_threshold), .lo = 0, .hi = 1, .def = 0.03, .unit = "fraction",
     .doc = "a bid this much below the incumbent's rate wins the tender", .source = "assumption; 25-33% of deals lost at renewal (Everest Group)"},
    {.path = "contract.quality_rebid", .type = CX_PT_REAL, .offset = OFF(m.quality_rebid), .lo = 0, .hi = 100, .def = 0.05, .unit = "1/point",
     .doc = "chance to lose a tender per point of service level below target", .source = "Deloitte: 71% of terminations cite low service quality"},
    {.path = "contract.incumbent_bid", .type = CX_PT_REAL, .offset = OFF(m.incumbent_bid), .lo = 0, .hi = 10, .def = 0.98, .unit = "x",
     .doc = "at a tender the incumbent bids this times its cost-plus price (its trailing cost per unit x (1 + margin target), from its own books)",
     .source = "assumption: the incumbent defends the account by shaving 2% off its cost-plus price (vendor-to-partner article: the re-bid compares rates)"},
    {.path = "contract.quality_months", .type = CX_PT_INT, .offset = OFF(m.quality_months), .lo = 1, .hi = 12, .def = 12, .unit = "month",
     .doc = "months of service level a tender's quality test averages (the last ones; 12 are kept)",
     .source = "assumption: the last contract year"},
    {.path = "contract.gain_share_months", .type = CX_PT_REAL, .offset = OFF(m.gain_share_months), .lo = 0, .hi = 1200, .def = 6, .unit = "month",
     .doc = "shared savings are paid from this many months after a provider takes over (the baseline is set when the share starts: contract.gain_share_baseline)",
     .source = "vendor-to-partner article: the first six months are operational proof"},
    {.path = "contract.gain_share_baseline", .type = CX_PT_REAL, .offset = OFF(m.gain_share_baseline), .lo = 0, .hi = 100, .def = 0, .unit = "contacts/issue",
     .doc = "agreed contacts per resolved issue (an issue resolved in self-service counts, with no contact) that shared savings are measured from when the account has no incoming performance (the share starts with the run); 0: what a settled middle-of-the-market team would do (the levers' defaults). Otherwise the baseline is the account's last 3 months before the share starts",
     .source = "assumption: a gain-share baseline is agreed at contract start from the incoming (or expected) performance, never measured during the new provider's ramp (gain-sharing practice; issue 11)"},
    {.path = "contract.gain_share_rebase", .type = CX_PT_REAL, .offset = OFF(m.gain_share_rebase), .lo = 0, .hi = 1, .def = 0.5, .unit = "fraction",
     .doc = "at each contract year the baseline moves this share of the way to the trailing year's contacts per resolved issue, when that is better (0: never rebased)",
     .source = "assumption: half of a year's improvement is locked in for the client at each rebasing"},
    {.path = "contract.gain_share_clawback", .type = CX_PT_REAL, .offset = OFF(m.gain_share_clawback), .lo = 0, .hi = 1, .def = 0.05, .unit = "fraction",
     .doc = "when performance falls back above the baseline the provider pays back its share of the loss, at most this share of the month's fees and never more than it was paid since the share started with this provider (0: no clawback)",
     .source = "assumption: half the at-risk share of service credits (10-12% of the invoice, MODEL.md)"},
    {.path = "mechanisms.learning", .type = CX_PT_BOOL, .offset = OFF(on.learning), .def = 1, .doc = "knowledge grows with contacts and training"},
    {.path = "mechanisms.forgetting", .type = CX_PT_BOOL, .offset = OFF(on.forgetting), .def = 1, .doc = "the knowledge base decays; product changes age knowledge"},
    {.path = "mechanisms.attrition", .type = CX_PT_BOOL, .offset = OFF(on.attrition), .def = 1, .doc = "agents quit"},
    {.path = "mechanisms.hiring_delay", .type = CX_PT_BOOL, .offset = OFF(on.hiring_delay), .def = 1, .doc = "vacancy, classroom and nesting take time (false: replacements start at once)"},
    {.path = "mechanisms.defects", .type = CX_PT_BOOL, .offset = OFF(on.defects), .def = 1, .doc = "product defects generate contacts until fixed"},
    {.path = "mechanisms.repeats", .type = CX_PT_BOOL, .offset = OFF(on.repeats), .def = 1, .doc = "unresolved and abandoned contacts come back"},
    {.path = "mechanisms.churn", .type = CX_PT_BOOL, .offset = OFF(on.churn), .def = 1, .doc = "customers defect after bad outcomes"},
    {.path = "mechanisms.trust", .type = CX_PT_BOOL, .offset = OFF(on.trust), .def = 1, .doc = "the relationship's trust moves with experience"},
    {.path = "mechanisms.contract", .type = CX_PT_BOOL, .offset = OFF(on.contract), .def = 1, .doc = "rate negotiation, penalties, gain-share, re-bids"},
    {.path = "mechanisms.schedules", .type = CX_PT_BOOL, .offset = OFF(on.schedules), .def = 1, .doc = "staff on duty follows the intraday need (false: staff.agents always on duty)"},
    {.path = "mechanisms.self_service", .type = CX_PT_BOOL, .offset = OFF(on.self_service), .def = 1, .doc = "customers with a simple issue try self-service through the knowledge base first (false: every issue is a contact)"},
    {.path = "mechanisms.people", .type = CX_PT_BOOL, .offset = OFF(on.people), .def = 1, .doc = "agents differ: aptitude, a pool weaker at low pay, outside offers that take the best first (false: identical agents)"},
    {.path = "learning.mode", .type = CX_PT_ENUM, .offset = OFF(m.learning_tenure), .names = learning_modes, .def = 0,
     .doc = "experience: knowledge grows with contacts and training; tenure: a fixed function of tenure (theory check)"},
    {.path = "economics.pricing", .type = CX_PT_ENUM, .offset = OFF(m.pricing), .names = pricing_names, .def = 0,
     .doc = "what the client pays for: per_contact handled, per_minute handled, per_fte_hour paid"},
    {.path = "regimes", .type = CX_PT_RECORDS, .fields = regime_fields, .offset = OFF(regimes),
     .count = CX_MAX_REGIMES, .count_offset = OFF(n_regimes), .elem_size = sizeof(cx_regime),
     .doc = "regimes compared under common random numbers: list of {name, client, provider}"},
    {0},
};

void cx_param_defaults(void *base, const cx_param_desc *t)
{
    for (const cx_param_desc *d = t; d->path; d++) {
        char *f = (char *)base + d->offset;
        switch (d->type) {
        case CX_PT_REAL: *(double *)f = d->def; break;
        case CX_PT_INT:
        case CX_PT_BOOL:
        case CX_PT_ENUM: *(int *)f = (int)d->def; break;
        case CX_PT_SEED: *(uint64_t *)f = (uint64_t)d->def; break;
        case CX_PT_TEXT: *f = 0; break;
        case CX_PT_REALS:
            for (int i = 0; i < d->count; i++) ((double *)f)[i] = d->defs ? d->defs[i] : 1.0;
            break;
        case CX_PT_RECORDS: *(int *)((char *)base + d->count_offset) = 0; break;
        case CX_PT_POLICY: memset(f, 0, sizeof(cx_policy_spec)); break;
        }
    }
}

void cx_params_default(cx_params *p)
{
    memset(p, 0, sizeof *p);
    cx_param_defaults(p, cx_param_table);
    snprintf(p->name, sizeof p->name, "%s", "unnamed");
}

void cx_params_queue_only(cx_params *p)
{
    memset(&p->on, 0, sizeof p->on);
    p->n_regimes = 0;
}

const cx_param_desc *cx_param_find(const cx_param_desc *t, const char *path)
{
    for (const cx_param_desc *d = t; d->path; d++)
        if (strcmp(d->path, path) == 0) return d;
    return NULL;
}

int cx_param_is_group(const cx_param_desc *t, const char *prefix)
{
    size_t n = strlen(prefix);
    for (const cx_param_desc *d = t; d->path; d++)
        if (strncmp(d->path, prefix, n) == 0 && d->path[n] == '.') return 1;
    return 0;
}

static int check_range(const cx_param_desc *d, double v, char *err, size_t n)
{
    if (isnan(v) || v < d->lo || v > d->hi) {
        snprintf(err, n, "must be between %g and %g (got %g)", d->lo, d->hi, v);
        return -1;
    }
    return 0;
}

int cx_param_set_number(void *base, const cx_param_desc *d, double v, char *err, size_t n)
{
    char *f = (char *)base + d->offset;
    switch (d->type) {
    case CX_PT_REAL:
        if (check_range(d, v, err, n)) return -1;
        *(double *)f = v;
        return 0;
    case CX_PT_INT:
    case CX_PT_SEED:
        if (v != floor(v)) {
            snprintf(err, n, "must be a whole number (got %g)", v);
            return -1;
        }
        if (check_range(d, v, err, n)) return -1;
        if (d->type == CX_PT_INT) *(int *)f = (int)v;
        else *(uint64_t *)f = (uint64_t)v;
        return 0;
    case CX_PT_BOOL:
        snprintf(err, n, "must be true or false");
        return -1;
    case CX_PT_ENUM:
    case CX_PT_TEXT:
        snprintf(err, n, "must be a string");
        return -1;
    default:
        snprintf(err, n, "must be a table");
        return -1;
    }
}

int cx_param_set_string(void *base, const cx_param_desc *d, const char *s, char *err, size_t n)
{
    char *f = (char *)base + d->offset;
    if (d->type == CX_PT_TEXT) {
        if (strlen(s) >= CX_NAME_MAX) {
            snprintf(err, n, "longer than %d characters", CX_NAME_MAX - 1);
            return -1;
        }
        snprintf(f, CX_NAME_MAX, "%s", s);
        return 0;
    }
    if (d->type == CX_PT_ENUM) {
        for (int i = 0; d->names[i]; i++)
            if (strcmp(d->names[i], s) == 0) {
                *(int *)f = i;
                return 0;
            }
        int k = snprintf(err, n, "unknown value \"%s\" (one of", s);
        for (int i = 0; d->names[i] && k > 0 && (size_t)k < n; i++)
            k += snprintf(err + k, n - (size_t)k, " %s", d->names[i]);
        if (k > 0 && (size_t)k < n) snprintf(err + k, n - (size_t)k, ")");
        return -1;
    }
    snprintf(err, n, "must be %s, not a string",
             d->type == CX_PT_BOOL ? "true or false" : d->type <= CX_PT_SEED ? "a number" : "a table");
    return -1;
}

int cx_param_set_real_at(void *base, const cx_param_desc *d, int i, double v, char *err, size_t n)
{
    if (i < 0 || i >= d->count) {
        snprintf(err, n, "needs exactly %d values", d->count);
        return -1;
    }
    if (check_range(d, v, err, n)) return -1;
    ((double *)((char *)base + d->offset))[i] = v;
    return 0;
}

int cx_param_set_seed_text(void *base, const cx_param_desc *d, const char *s, char *err, size_t n)
{
    const char *q = s;
    while (*q >= '0' && *q <= '9') q++;
    errno = 0;
    char *end;
    unsigned long long v = q > s && !*q ? strtoull(s, &end, 10) : 0;
    if (q == s || *q || errno || d->type != CX_PT_SEED) {
        if (*s == '-' || errno) snprintf(err, n, "must be between 0 and 18446744073709551615 (got \"%s\")", s);
        else snprintf(err, n, "must be a whole number from 0 to 18446744073709551615 (got \"%s\")", s);
        return -1;
    }
    *(uint64_t *)((char *)base + d->offset) = (uint64_t)v;
    return 0;
}

int cx_param_set_text(cx_params *p, const char *path, const char *value, char *err, size_t n)
{
    const cx_param_desc *d = cx_param_find(cx_param_table, path);
    if (!d) {
        snprintf(err, n, "unknown field");
        return -1;
    }
    if (d->type == CX_PT_BOOL) {
        int b = strcmp(value, "true") == 0 ? 1 : strcmp(value, "false") == 0 ? 0 : -1;
        if (b < 0) {
            snprintf(err, n, "must be true or false (got \"%s\")", value);
            return -1;
        }
        *(int *)((char *)p + d->offset) = b;
        return 0;
    }
    if (d->type == CX_PT_ENUM || d->type == CX_PT_TEXT) return cx_param_set_string(p, d, value, err, n);
    if (d->type == CX_PT_SEED) return cx_param_set_seed_text(p, d, value, err, n);
    if (d->type == CX_PT_REALS || d->type == CX_PT_RECORDS) {
        snprintf(err, n, "is a list; set it in the scenario file");
        return -1;
    }
    char *end;
    double v = strtod(value, &end);
    if (end == value || *end) {
        snprintf(err, n, "must be a number (got \"%s\")", value);
        return -1;
    }
    return cx_param_set_number(p, d, v, err, n);
}

static int check_dist(const cx_dist *d, const char *cv_field, const char **field, char *err,
                      size_t n)
{
    if ((d->kind == CX_DIST_LOGNORMAL || d->kind == CX_DIST_GAMMA) && !(d->cv > 0)) {
        *field = cv_field;
        snprintf(err, n, "must be above 0 for a %s distribution",
                 d->kind == CX_DIST_GAMMA ? "gamma" : "lognormal");
        return -1;
    }
    return 0;
}

static int check_weights(const double *w, int k, const char *name, const char **field, char *err,
                         size_t n)
{
    double s = 0;
    for (int i = 0; i < k; i++) s += w[i];
    if (!(s > 0)) {
        *field = name;
        snprintf(err, n, "needs at least one weight above 0");
        return -1;
    }
    return 0;
}

/* Two model fields that must keep their order: lo_v <= hi_v (or < when strict). */
static int check_order(double lo_v, const char *lo_field, double hi_v, const char *hi_field, int strict,
                       const char **field, char *err, size_t n)
{
    if (strict ? lo_v < hi_v : lo_v <= hi_v) return 0;
    *field = hi_field;
    snprintf(err, n, "must be %s %s (%g; got %g)", strict ? "above" : "at least", lo_field, lo_v, hi_v);
    return -1;
}

static int check_model(const cx_model_params *m, const char **field, char *err, size_t n)
{
    if (check_order(m->phase_proof, "relationship.phase_proof", m->phase_transparency,
                    "relationship.phase_transparency", 0, field, err, n) ||
        check_order(m->phase_transparency, "relationship.phase_transparency", m->phase_partnership,
                    "relationship.phase_partnership", 0, field, err, n) ||
        check_order(m->plan_gain_min, "staff.plan_gain_min", m->plan_gain_max, "staff.plan_gain_max", 0,
                    field, err, n) ||
        check_order(m->engagement_span_best, "attrition.engagement_span_best", m->engagement_span_worst,
                    "attrition.engagement_span_worst", 1, field, err, n))
        return -1;
    return 0;
}

/* Opening hours on the half hour, closing no earlier than opening. */
static int check_hours(const cx_params *p, const char **field, char *err, size_t n)
{
    static const char *const day[7] = {"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"};
    for (int d = 0; d < 7; d++) {
        double o = p->open_h[d], c = p->close_h[d];
        if (o * 2 != floor(o * 2) || c * 2 != floor(c * 2)) {
            *field = o * 2 != floor(o * 2) ? "hours.open" : "hours.close";
            snprintf(err, n, "%s: must be on the half hour (got %g)", day[d], o * 2 != floor(o * 2) ? o : c);
            return -1;
        }
        if (c < o) {
            *field = "hours.close";
            snprintf(err, n, "%s: must be at least hours.open (%g; got %g)", day[d], o, c);
            return -1;
        }
    }
    if (!(p->profile && p->on.schedules)) return 0; /* the hours apply to a planned centre only */
    double open = 0; /* demand weight of the open half hours of the week */
    for (int d = 0; d < 7; d++)
        for (int b = (int)(p->open_h[d] * 2); b < (int)(p->close_h[d] * 2) && b < CX_INTRADAY_BINS; b++)
            open += p->intraday[b] * p->weekday[d];
    if (!(open > 0)) {
        *field = "hours.open";
        snprintf(err, n, "the centre is never open at a time with demand (demand.intraday and demand.weekday weights)");
        return -1;
    }
    return 0;
}

int cx_params_check(const cx_params *p, const char **field, char *err, size_t n)
{
    *field = NULL;
    if (p->handle.kind == CX_DIST_NONE) {
        *field = "handle.dist";
        snprintf(err, n, "a handle time cannot be \"none\"");
        return -1;
    }
    if (check_dist(&p->handle, "handle.cv", field, err, n)) return -1;
    if (check_dist(&p->patience, "patience.cv", field, err, n)) return -1;
    if (check_weights(p->intraday, CX_INTRADAY_BINS, "demand.intraday", field, err, n)) return -1;
    if (check_weights(p->weekday, 7, "demand.weekday", field, err, n)) return -1;
    if (check_weights(p->season, 12, "demand.season", field, err, n)) return -1;
    if (check_model(&p->m, field, err, n)) return -1;
    if (check_hours(p, field, err, n)) return -1;
    if (p->warmup_days >= p->years * 365.25) {
        *field = "warmup_days";
        snprintf(err, n, "must be shorter than the horizon (%g days)", p->years * 365.25);
        return -1;
    }
    return 0;
}

static void normalise(const double *in, double *out, int k)
{
    double s = 0;
    for (int i = 0; i < k; i++) s += in[i];
    for (int i = 0; i < k; i++) out[i] = in[i] * k / s;
}

void cx_params_profile(const cx_params *p, double intraday[CX_INTRADAY_BINS], double weekday[7],
                       double season[12])
{
    normalise(p->intraday, intraday, CX_INTRADAY_BINS);
    normalise(p->weekday, weekday, 7);
    normalise(p->season, season, 12);
}

void cx_params_rate_profile(const cx_params *p, cx_rate_profile *out)
{
    out->base = p->rate_per_min;
    out->profile = p->profile;
    cx_params_profile(p, out->intraday, out->weekday, out->season);
    out->growth_per_year = p->growth_per_year;
    out->n_spikes = p->n_spikes;
    for (int i = 0; i < p->n_spikes; i++)
        out->spikes[i] = (cx_rate_spike){p->spikes[i].start_day, p->spikes[i].days, p->spikes[i].multiplier};
    /* a planned centre (profile and schedules on): open hours and a go-live ramp */
    out->hours = p->profile && p->on.schedules;
    for (int d = 0; d < 7; d++) {
        out->open_min[d] = p->open_h[d] * 60.0;
        out->close_min[d] = p->close_h[d] * 60.0;
    }
    int steps = out->hours ? cx_params_ramp_steps(p) : 0;
    for (int i = 0; i < steps && out->n_spikes < CX_ARRIVAL_MAX_SPIKES; i++)
        out->spikes[out->n_spikes++] = (cx_rate_spike){7.0 * i, fmin(7.0, p->m.ramp_days - 7.0 * i),
                                                       cx_params_ramp_share(p, 7.0 * i)};
}

int cx_params_ramp_steps(const cx_params *p)
{
    return p->m.ramp_days > 0 && p->m.ramp_start < 1 ? (int)ceil(p->m.ramp_days / 7.0) : 0;
}

double cx_params_ramp_share(const cx_params *p, double day)
{
    int steps = cx_params_ramp_steps(p);
    if (!steps || !(p->profile && p->on.schedules) || day >= p->m.ramp_days || day < 0) return 1.0;
    int i = (int)floor(day / 7.0);
    return p->m.ramp_start + (1.0 - p->m.ramp_start) * i / steps;
}
