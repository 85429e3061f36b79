import { vitestConfig } from '@webex-oidc/vitest-config';

// These suites run real workers against real token lifetimes (seconds) on machines with 2 shared
// cores. A failed test is run once more: a scheduling hiccup passes the second time, a real
// regression fails both times (and every failure is still printed).
export default vitestConfig({ retry: 1 });
