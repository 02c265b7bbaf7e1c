/** Every mirrorctl command, in the order `--help` lists them. Add new commands here. */
import type { CommandFactory } from '../context.js';
import { applyCommand } from './apply.js';
import { completionCommand } from './completion.js';
import { deployCommand } from './deploy.js';
import { destroyCommand } from './destroy.js';
import { discoverCommand } from './discover.js';
import { importCommand } from './import.js';
import { listCommand } from './list.js';
import { packageCommand } from './package.js';
import { healCommand } from './heal.js';
import { planCommand } from './plan.js';
import { sandboxCommand } from './sandbox.js';
import { showCommand } from './show.js';
import { schemaCommand } from './schema.js';
import { validateCommand } from './validate.js';
import { versionCommand } from './version.js';

export const commands: readonly CommandFactory[] = [
  planCommand,
  applyCommand,
  destroyCommand,
  healCommand,
  packageCommand,
  deployCommand,
  showCommand,
  listCommand,
  validateCommand,
  discoverCommand,
  importCommand,
  sandboxCommand,
  schemaCommand,
  versionCommand,
  completionCommand,
];
