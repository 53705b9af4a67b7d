// SPDX-License-Identifier: GPL-2.0
/*
 * genevesec_kunit.ko: the KUnit suites for genevesec's pure logic. Loading
 * it (after genevesec.ko) runs every suite; results are in dmesg and in
 * /sys/kernel/debug/kunit/<suite>/results.
 */

#include <kunit/test.h>
#include <linux/module.h>

#include "suites.h"

const u8 gsec_test_key16[16] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
};

const u8 gsec_test_key32[32] = {
	0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15,
	16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31,
};

kunit_test_suites(&gsec_crypto_test_suite,
		  &gsec_l2_test_suite,
		  &gsec_lpm_test_suite,
		  &gsec_proto_test_suite,
		  &gsec_ratelimit_test_suite,
		  &gsec_replay_test_suite,
		  &gsec_routes_test_suite,
		  &gsec_sa_test_suite);

MODULE_LICENSE("GPL");
MODULE_DESCRIPTION("KUnit tests for genevesec");
MODULE_IMPORT_NS("EXPORTED_FOR_KUNIT_TESTING");
