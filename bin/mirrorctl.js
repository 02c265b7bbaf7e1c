#!/usr/bin/env node
// mirrorctl supports Node 20.19+ (see engines); the SDK's own Node 20 notice would only add noise to every run.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
const { main } = await import('../dist/cli/main.js');

process.exitCode = await main(process.argv.slice(2));
