/** What an import tells its user on the terminal: what was found, and what needs a decision before `plan`. */
import type { VectraImport } from './interpret.js';

const plural = (count: number, word: string): string => `${count} ${word}${count === 1 ? '' : 's'}`;

export function importFindings(model: VectraImport): string[] {
  const usable = model.entries.filter((entry) => entry.target !== undefined);
  const sessions = usable.reduce((sum, entry) => sum + entry.sessions, 0);
  const missed = usable.flatMap((entry) => entry.missed);
  const interfaces = missed.reduce((sum, instance) => sum + instance.interfaces, 0);
  const regions = [...new Set(usable.map((entry) => entry.region))];
  const findings = [
    `${plural(usable.length, 'enrolled VPC')} in ${regions.join(', ')}, ${plural(model.targets.length, 'target')} (by id), ` +
      `${plural(sessions, 'session')} of the tool to adopt.`,
  ];
  if (missed.length > 0) {
    findings.push(
      `${plural(missed.length, 'instance')} (${plural(interfaces, 'interface')}) the tool never tapped, of types missing from ` +
        'its 2019 list: mirrorctl will tap them (named in the file).',
    );
  }
  for (const target of model.targets) {
    if (target.loadBalancerProblem === undefined) continue;
    findings.push(
      `Target ${target.name} (${target.id}): ${target.loadBalancerProblem}. Add a UDP listener on port 4789 forwarding to the ` +
        "sensors' target group, or let mirrorctl manage an NLB for the sensors; until then nothing mirrored there reaches them.",
    );
  }
  for (const entry of model.entries) {
    if (entry.problem !== undefined) findings.push(`Not imported: ${entry.vpcName ?? entry.vpcId} (${entry.vpcId}, ${entry.region}): ${entry.problem}.`);
  }
  for (const stray of model.straySessions) {
    findings.push(`${plural(stray.ids.length, 'session')} of the tool in ${stray.region} on interfaces of no enrolled VPC: left as they are.`);
  }
  return findings;
}
