import { backup, type BackupContext } from './admin-backup.ts';
import { restore } from './admin-backup-restore.ts';

const mb = (n: number) => `${(n / 1048576).toFixed(1)} MiB`;

/** lantai-admin backup --to FOLDER / restore --from BACKUP: runs one and prints what an operator needs to know. */
export async function runBackupCommand(command: 'backup' | 'restore', folder: string, ctx: BackupContext): Promise<number> {
  const started = Date.now();
  const secs = () => ((Date.now() - started) / 1000).toFixed(1);
  if (command === 'backup') {
    const { dir, info } = await backup(ctx, folder);
    ctx.say(`备份完成并已校验 / backup written and verified in ${secs()} s: ${dir}`);
    ctx.say(`  schema ${info.migration} · ${Object.entries(info.counts).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
    ctx.say(`  objects ${info.objects.count} (${mb(info.objects.bytes)}) · audit head seq ${info.audit.headSeq} hash ${info.audit.headHash}`);
    if (info.objects.fromReplicas) ctx.say(`  注意 / note: ${info.objects.fromReplicas} object(s) had an unusable primary copy and were taken from a verified replica; run the fixity sweep to repair the primary`);
    return 0;
  }
  const r = await restore(ctx, folder);
  ctx.say(`恢复完成 / restore complete in ${secs()} s from the backup of ${r.info.createdAt}`);
  ctx.say(`  objects ${r.objects} · ${Object.entries(r.info.counts).map(([k, v]) => `${k} ${v}`).join(' · ')}`);
  ctx.say(`  审计链完整 / audit chain intact: ${r.auditRows} rows, head seq ${r.info.audit.headSeq} hash ${r.info.audit.headHash}`);
  return 0;
}
