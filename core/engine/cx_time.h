/* cx_time: the engine's clock units. Time is in minutes from a Monday 00:00
 * on the first of January; a month is 1/12 of a 365.25-day year; days are
 * cut into half-hour windows. */
#ifndef CX_TIME_H
#define CX_TIME_H

#define CX_MINUTES_PER_DAY 1440.0
#define CX_MINUTES_PER_YEAR (365.25 * CX_MINUTES_PER_DAY)
#define CX_MINUTES_PER_MONTH (CX_MINUTES_PER_YEAR / 12.0)
#define CX_INTRADAY_BINS 48   /* half-hour windows of a day */

#endif
