import { ADMIN_ROLES, Username } from '@lantai/api';

// The database side is imported only once the arguments are known to be good: usage errors answer at once.
const ADMIN_ROLE_SET: readonly string[] = ADMIN_ROLES;

const USAGE = `lantai-admin — 兰台 命令行管理 / administration

  lantai-admin migrate                                     升级数据库结构 / bring the schema up to date
  lantai-admin audit verify                                校验审计链 / verify the audit chain (exit 2 if broken)
  lantai-admin create-admin --username X --role ROLE       创建管理员 / create an admin (ROLE: ${ADMIN_ROLES.join(' | ')})
  lantai-admin reset-password --username X                 重置密码 / set a new generated password
  lantai-admin backup --to FOLDER                          备份到异地/离线介质 / write a verified backup (database + objects + manifests)
  lantai-admin restore --from BACKUP                       从备份恢复到空库 / rebuild the archive from a backup (empty target only)

Reads the server's settings: DATABASE_URL, or the embedded PostgreSQL in LANTAI_DATA_DIR (reused if Lantai is running).
Generated passwords are printed once and must be changed at first sign-in.
Exit codes: 0 done · 1 refused or failed · 2 audit chain broken.`;

/** Positional words and --name value / --name=value flags. */
function parseArgs(argv: string[]): { words: string[]; flags: Record<string, string | true> } {
  const words: string[] = [];
  const flags: Record<string, string | true> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i] as string;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(a);
    if (!m) words.push(a);
    else if (m[2] !== undefined) flags[m[1] as string] = m[2];
    else if (argv[i + 1] !== undefined && !argv[i + 1]?.startsWith('--')) flags[m[1] as string] = argv[++i] as string;
    else flags[m[1] as string] = true;
  }
  return { words, flags };
}

class UsageError extends Error {}
/** Errors whose message is meant for the operator (no stack trace); anything else is a bug. */
const operatorErrors: (new (...a: never[]) => Error)[] = [];
const say = (s: string) => process.stdout.write(s + '\n');

function username(flags: Record<string, string | true>): string {
  const u = flags.username;
  if (typeof u !== 'string' || !Username.safeParse(u).success) throw new UsageError('--username X is required (2–64 letters, digits or _ . @ -)');
  return u;
}

async function main(argv: string[]): Promise<number> {
  const { words, flags } = parseArgs(argv);
  const command = words.join(' ');
  if (!command || flags.help || command === 'help') {
    say(USAGE);
    return command || flags.help ? 0 : 1;
  }
  if (!['migrate', 'audit verify', 'create-admin', 'reset-password', 'backup', 'restore'].includes(command)) throw new UsageError(`unknown command: ${command}`);
  const folder = command === 'backup' ? flags.to : flags.from;
  if ((command === 'backup' || command === 'restore') && typeof folder !== 'string') throw new UsageError(`${command} needs ${command === 'backup' ? '--to FOLDER' : '--from BACKUP'}`);
  const role = flags.role;
  if (command === 'create-admin' && (typeof role !== 'string' || !ADMIN_ROLE_SET.includes(role))) throw new UsageError(`--role must be one of ${ADMIN_ROLES.join(', ')}`);
  const name = command === 'create-admin' || command === 'reset-password' ? username(flags) : '';

  const [{ loadConfig, ConfigError }, { createDb }, { StartupError }, { migrateToLatest }, { AdminError, createAdmin, resetPassword, verifyChain }, { openAdminDatabase }] =
    await Promise.all([import('../config.ts'), import('../platform/db/database.ts'), import('../platform/db/embedded-postgres.ts'),
      import('../platform/db/migrate.ts'), import('./admin-commands.ts'), import('./admin-db.ts')]);
  operatorErrors.push(AdminError, StartupError, ConfigError);
  const config = loadConfig();
  const conn = await openAdminDatabase(config, (m) => process.stderr.write(m + '\n'));
  const db = createDb(conn.url, 2);
  try {
    // Backup reads the schema as it is; restore needs an empty database, so neither migrates first.
    if (command === 'backup' || command === 'restore') {
      const { runBackupCommand } = await import('./admin-backup-cli.ts');
      return await runBackupCommand(command, folder as string, { config, url: conn.url, db, say });
    }
    // Every command first brings the schema up to date, as the server does when it starts.
    const applied = await migrateToLatest(db).catch((e: unknown) => {
      throw new StartupError(`无法使用数据库 / cannot use the database (${conn.via}): ${(e as Error).message}`);
    });
    switch (command) {
      case 'migrate':
        say(applied.length ? `已升级 / applied: ${applied.join(', ')}` : '数据库结构已是最新 / the schema is up to date');
        return 0;
      case 'audit verify': {
        const r = await verifyChain(db, config.dataDir);
        if (r.ok) {
          say(`审计链完整 / chain intact: ${r.checked} rows, head ${r.headHash}`);
          return 0;
        }
        say(`审计链已被破坏 / chain BROKEN: first bad row seq ${r.firstBad?.seq} (${r.firstBad?.reason})`);
        say(`  ${r.checked} rows verified before it; last good row seq ${r.headSeq}, hash ${r.headHash}`);
        return 2;
      }
      case 'create-admin': {
        const r = await createAdmin(db, name, role as Parameters<typeof createAdmin>[2]);
        say(r.created ? `已创建 ${role} 账号 / created ${role} account: ${name}` : `已授予 ${role} 并重置密码 / granted ${role} to ${name} and reset its password`);
        say(`密码（只显示这一次，首次登录须修改）/ password (shown once, change at first sign-in): ${r.password}`);
        return 0;
      }
      default: {
        const r = await resetPassword(db, name);
        say(`已重置 ${name} 的密码 / password reset for ${name}; sessions ended`);
        say(`密码（只显示这一次，首次登录须修改）/ password (shown once, change at first sign-in): ${r.password}`);
        return 0;
      }
    }
  } finally {
    await db.destroy();
    await conn.stop();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (e: unknown) => {
    const known = operatorErrors.some((E) => e instanceof E);
    if (e instanceof UsageError) process.stderr.write(`错误 / error: ${e.message}\n\n${USAGE}\n`);
    else if (known) process.stderr.write(`错误 / error: ${(e as Error).message}\n`);
    else process.stderr.write(`错误 / error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  },
);
