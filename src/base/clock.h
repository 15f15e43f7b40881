/* SPDX-License-Identifier: MIT
 *
 * clock.h -- time sources. Only the I/O shell (loop, hub, main) reads clocks;
 * engines and codecs take `now_ms` as an argument (house style rule 6).
 */
#ifndef KF_BASE_CLOCK_H
#define KF_BASE_CLOCK_H

#include <stdint.h>

/* Wall clock, milliseconds since the Unix epoch (UTC). */
int64_t kf_clock_wall_ms(void);
/* Monotonic clock in microseconds, for latencies and timers. */
int64_t kf_clock_mono_us(void);

#endif
