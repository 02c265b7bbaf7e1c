/**
 * Reasons at scale. The planner gives each action and skip its own sentence, naming its instance and interface
 * ("instance i-0ab… is excluded by tag mirroring=excluded"): right for one, noise for 449. A group counts the
 * sentence with those ids taken out, so 449 exclusions read as one line with their count.
 */
const INSTANCE_OR_INTERFACE = /\b(?:(instance|interface) )?(?:i|eni)-[0-9a-z]+\b/g;
const OF_INSTANCE = / of (?:i|eni)-[0-9a-z]+\b/g;

/** The sentence without the ids of the one instance or interface it was about. */
export function generalReason(reason: string): string {
  return reason
    .replace(OF_INSTANCE, '')
    .replace(INSTANCE_OR_INTERFACE, (_match, noun: string | undefined) => (noun === undefined ? 'the interface' : `the ${noun}`))
    .replace(/^the /, '')
    .replace(/^mirror the interface \(/, 'mirror interfaces (');
}
