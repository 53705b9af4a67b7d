/* SPDX-License-Identifier: GPL-2.0 */
/* TAP output of genevesecd's host tests: one "ok" line per check. */
#ifndef GENEVESECD_TEST_TAP_H
#define GENEVESECD_TEST_TAP_H

#include <stdio.h>

static int tap_n, tap_failed;

static inline void ok(int cond, const char *name)
{
	tap_n++;
	if (!cond)
		tap_failed++;
	printf("%sok %d - %s\n", cond ? "" : "not ", tap_n, name);
}

/* The plan and the summary; the exit status. */
static inline int tap_end(void)
{
	printf("1..%d\n", tap_n);
	printf("# %d passed, %d failed\n", tap_n - tap_failed, tap_failed);
	return tap_failed != 0;
}

#endif /* GENEVESECD_TEST_TAP_H */
