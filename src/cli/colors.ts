/** The CLI styles its own messages with the same ANSI styler as the reporters: one place decides escapes. */
import { createStyle, type Style } from '../render/ansi.js';

export type Colors = Style;

export const colors = (enabled: boolean): Colors => createStyle(enabled);
