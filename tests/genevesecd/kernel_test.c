// SPDX-License-Identifier: GPL-2.0
/*
 * Inside the test VM (tests/selftests/genevesecd.sh): genevesecd's kernel
 * layer (tools/genevesecd/kernel.c) against a real device. Runs one
 * operation per command line argument and prints its outcome, for the
 * suite to compare:
 *
 *   kernel_test DEV VNI rx:SPI:KEYBYTE | tx:SPI:KEYBYTE | del:SPI ...
 *
 * KEYBYTE fills the 16-byte key. Each line: "OP ok" or "OP errno: message".
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "exchange.h"
#include "kernel.h"

int main(int argc, char **argv)
{
	struct gs_nl_error e = { 0 };
	struct gsd_kernel k;
	int i, failed = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: kernel_test DEV VNI OP...\n");
		return 2;
	}
	if (gsd_kernel_open(&k, argv[1], strtoul(argv[2], NULL, 0), &e)) {
		fprintf(stderr, "open: %s\n", e.msg);
		return 2;
	}
	for (i = 3; i < argc; i++) {
		char op[8] = "";
		unsigned int spi = 0, byte = 0;
		uint8_t key[16];
		int err;

		sscanf(argv[i], "%7[a-z]:%i:%i", op, &spi, &byte);
		memset(key, byte, sizeof(key));
		memset(&e, 0, sizeof(e));
		if (!strcmp(op, "rx"))
			err = gsd_sa_add_rx(&k, spi, key, icx_sa_lifetime(120), &e);
		else if (!strcmp(op, "tx"))
			err = gsd_sa_activate_tx(&k, spi, key, icx_sa_lifetime(120), 0, &e);
		else if (!strcmp(op, "del"))
			err = gsd_sa_del_rx(&k, spi, &e);
		else
			return 2;
		if (err) {
			failed++;
			printf("%s %d: %s\n", argv[i], -e.err, e.msg);
		} else {
			printf("%s ok\n", argv[i]);
		}
	}
	gsd_kernel_close(&k);
	return failed ? 1 : 0;
}
