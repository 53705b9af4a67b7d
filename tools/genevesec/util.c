// SPDX-License-Identifier: GPL-2.0
/*
 * What every part of genevesec shares: error messages (with the line of a
 * batch) and allocation that gives up cleanly.
 */

#define _GNU_SOURCE
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "genevesec.h"

unsigned int gs_lineno;
bool gs_batch_stdin;

void gs_err(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("genevesec: ", stderr);
	if (gs_lineno)
		fprintf(stderr, "line %u: ", gs_lineno);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

void *gs_zalloc(size_t size)
{
	void *p = calloc(1, size ? size : 1);

	if (!p) {
		gs_err("out of memory");
		exit(1);
	}
	return p;
}

void *gs_push(void *array, size_t *n, size_t size)
{
	void **arr = array;
	char *p;

	/* The capacity is @n rounded up to a power of two: grow on reaching one. */
	if (!(*n & (*n - 1))) {
		p = reallocarray(*arr, *n ? 2 * *n : 1, size);
		if (!p) {
			gs_err("out of memory");
			exit(1);
		}
		*arr = p;
	}
	p = (char *)*arr + *n * size;
	memset(p, 0, size);
	(*n)++;
	return p;
}

/* A refused request: the kernel's message when it gave one, and the error. */
void gs_nl_perror(const struct gs_nl_error *e)
{
	if (e->msg[0])
		gs_err("%s (%s)", e->msg, strerror(-e->err));
	else
		gs_err("%s", strerror(-e->err));
}
