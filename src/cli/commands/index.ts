/** Every mirrorctl command, in the order `--help` lists them. Add new commands here. */
import type { CommandFactory } from '../context.js';
import { schemaCommand } from './schema.js';
import { validateCommand } from './validate.js';

export const commands: readonly CommandFactory[] = [validateCommand, schemaCommand];
