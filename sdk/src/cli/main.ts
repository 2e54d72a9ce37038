#!/usr/bin/env node
/** The `switchboard` executable. */
import { runCli } from './program.js';

process.exitCode = await runCli(process.argv);
