// Exports: xmlWellFormedCheck (id 'xml-well-formed', GD-3-1 信息包中元数据的可读性检测) and xmlSchemaCheck
// (id 'xml-schema', GD-2-10 信息包元数据完整性检测: DA/T 48 EEP against its XSD) — for checks/index.ts.
import type { CheckDefinition, PackageFile } from './check.types.js';
import { finding } from '../analyzers/finding.js';
import { perFile } from '../analyzers/per-file.js';
import { checkWellFormed, EEP_NAMESPACE, readProlog, validateXsd, xmllintVersion } from '../analyzers/xml.analyzer.js';

/** The EEP root element (DA/T 48-2009). */
export const EEP_ROOT = '电子文件封装包';

export const xmlWellFormedCheck: CheckDefinition = {
  id: 'xml-well-formed',
  items: { GD: 'GD-3-1', YJ: 'YJ-3-1', CQ: 'CQ-3-1' },
  property: 'usability',
  zh: 'XML 元数据可读性（格式正确，拒绝实体声明）',
  en: 'XML metadata is readable (well-formed, no entity declarations)',
  defaults: { timeoutMs: 30_000 },
  async run(ctx) {
    const timeoutMs = Number(ctx.settings.timeoutMs) || 30_000;
    return perFile(ctx, ctx.pkg.xmlFiles, async (f) => [await checkWellFormed(f.absPath, timeoutMs, ctx.signal)], {
      zh: 'XML 格式检查',
      en: 'XML well-formedness',
      summaryEvidence: { tool: 'xmllint (libxml2)', version: await xmllintVersion() },
    });
  },
};

/**
 * Which XSD applies to a file: settings.schemas maps a root namespace to an XSD path; settings.eepSchema is the
 * DA/T 48 schema, used for every root named 电子文件封装包 — with or without the namespace, so a missing
 * namespace shows up as a validation failure instead of being skipped.
 */
function schemaFor(root: { name: string; namespace?: string } | undefined, settings: Record<string, unknown>): string | undefined {
  const schemas = (settings.schemas ?? {}) as Record<string, string>;
  const eep = typeof settings.eepSchema === 'string' ? settings.eepSchema : schemas[EEP_NAMESPACE];
  if (root?.name === EEP_ROOT || root?.namespace === EEP_NAMESPACE) return eep;
  return root?.namespace ? schemas[root.namespace] : undefined;
}

export const xmlSchemaCheck: CheckDefinition = {
  id: 'xml-schema',
  items: { GD: 'GD-2-10', YJ: 'YJ-2-10', CQ: 'CQ-2-10' },
  property: 'integrity',
  zh: 'XML 元数据符合 XML Schema（DA/T 48 封装包等）',
  en: 'XML metadata is valid against its XML Schema (DA/T 48 EEP and others)',
  // No schema ships by default: the DA/T 48 XSD copy available has no clear licence. Configure eepSchema / schemas.
  defaults: { eepSchema: null, schemas: {}, timeoutMs: 60_000 },
  async run(ctx) {
    const timeoutMs = Number(ctx.settings.timeoutMs) || 60_000;
    const check = async (f: PackageFile) => {
      const prolog = await readProlog(f.absPath);
      if (prolog.entityDeclarations) return [await checkWellFormed(f.absPath, timeoutMs, ctx.signal)];
      const xsd = schemaFor(prolog.root, ctx.settings);
      const isEep = prolog.root?.name === EEP_ROOT || prolog.root?.namespace === EEP_NAMESPACE;
      const ev = { root: prolog.root };
      if (!xsd && isEep)
        return [
          finding(
            'warning',
            'xml.schema-not-configured',
            '未配置 DA/T 48 封装包 XML Schema，无法校验',
            'No DA/T 48 EEP schema is configured: not validated',
            ev,
          ),
        ];
      if (!xsd) return [finding('skipped', 'xml.no-schema', '没有适用的 XML Schema', 'No XML Schema applies to this document', ev)];
      const r = await validateXsd(f.absPath, xsd, timeoutMs, ctx.signal);
      if (isEep && prolog.root?.namespace !== EEP_NAMESPACE && r.outcome === 'fail')
        r.evidence.hint = `the root element has namespace ${prolog.root?.namespace ?? '(none)'}, DA/T 48 requires ${EEP_NAMESPACE}`;
      return [r];
    };
    return perFile(ctx, ctx.pkg.xmlFiles, check, {
      zh: 'XML Schema 校验',
      en: 'XML Schema validation',
      summaryEvidence: { tool: 'xmllint (libxml2)', version: await xmllintVersion() },
    });
  },
};
