/**
 * The test harness's stack (`startStack`, compiled) as a process of its own, so the egress guard
 * can be preloaded into it: prints the stack's addresses as one JSON line, closes on SIGTERM.
 */
'use strict';
const { startStack } = require('@cps/testing');

startStack({ db: process.env.DB, rulesDir: process.env.RULES_DIR, env: { SMTP_URL: process.env.SMTP_URL, OUTBOX_POLL_MS: '100' } }).then(
  (stack) => {
    const subgraphs = Object.fromEntries(Object.entries(stack.subgraphs).map(([name, service]) => [name, service.url]));
    process.stdout.write(`${JSON.stringify({ gatewayUrl: stack.gatewayUrl, subgraphs })}\n`);
    process.once('SIGTERM', () => stack.close().then(() => process.exit(0)));
  },
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
