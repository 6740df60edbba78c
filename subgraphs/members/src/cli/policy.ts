import { BASE_LANGUAGE, formatDecision, loadPolicy, policyCommands, progressReporter, runPolicyCli, type CliCommand } from '@cps/policy';
import { EquipmentRecord } from '../entities/equipment.entity';
import { MemberRecord } from '../entities/member.entity';
import { memberFacts } from '../domain/member-facts';
import { memberIdFromNumber } from '../domain/member-number';
import { previewPolicyChange } from '../domain/policy-preview';
import { withMembersDatabase } from './with-members-database';

/** `explain <member number>`: which item counted towards which tier, and what the next tier lacks. */
const explainCommand: CliCommand = {
  name: 'explain',
  usage: 'explain <member number>',
  summary: "explain a stored member's tier decision under the live policy",
  async run([number], io) {
    if (!number) throw new Error('usage: policy explain <member number>');
    const id = memberIdFromNumber(number);
    return withMembersDatabase(async ({ dataSource, policy }) => {
      const member = id === null ? null : await dataSource.getRepository(MemberRecord).findOneBy({ id });
      if (!member) {
        io.stderr.write(`No member ${number}.\n`);
        return 1;
      }
      const items = await dataSource.getRepository(EquipmentRecord).findBy({ memberId: member.id });
      const decision = await policy.evaluate(memberFacts(member, items));
      io.stdout.write(`Member ${number} (${member.countryCode}), held tier ${member.heldTier ?? 'none'}\n${formatDecision(decision, policy.texts(BASE_LANGUAGE))}\n`);
      return 0;
    });
  },
};

/** `preview <candidate dir>`: how many members would move between tiers, before anything goes live. */
const previewCommand: CliCommand = {
  name: 'preview',
  usage: 'preview <candidate dir>',
  summary: 'evaluate every stored member under a candidate rules directory and show who moves',
  async run([dir], io) {
    if (!dir) throw new Error('usage: policy preview <candidate rules dir>');
    const candidate = await loadPolicy(dir);
    return withMembersDatabase(async ({ dataSource, policy }) => {
      const total = await dataSource.getRepository(MemberRecord).count();
      const bar = progressReporter('previewing', total);
      const started = Date.now();
      const result = await previewPolicyChange(dataSource, policy, candidate, (done) => bar.update(done));
      bar.stop();
      io.stdout.write(`Candidate ${candidate.version} against live ${policy.version}: ${result.total} members in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
      if (result.moved.length === 0) io.stdout.write('No member changes tier.\n');
      for (const move of result.moved) {
        io.stdout.write(`  ${move.from ?? 'none'} -> ${move.to ?? 'none'}: ${move.count} (e.g. ${move.sample.join(', ')})\n`);
      }
      io.stdout.write(`  unchanged: ${result.unchanged}\n`);
      io.stdout.write(`  video membership: ${result.videoChanged.gained} gained, ${result.videoChanged.lost} lost\n`);
      return 0;
    });
  },
};

export const memberPolicyCommands: readonly CliCommand[] = [...policyCommands, explainCommand, previewCommand];

if (require.main === module) {
  void runPolicyCli(process.argv.slice(2), undefined, memberPolicyCommands).then((code) => {
    process.exitCode = code;
  });
}
