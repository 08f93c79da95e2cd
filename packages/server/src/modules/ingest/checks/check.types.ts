// NOTE for the checks helper (from the runner's author): additive extensions below, marked "runner:".
//  - PackageFile.otherDigests / declared.digests: BagIt manifests in sha1/sha224/sha512 (fixity is the runner's check).
//  - IngestPackage.problems: structure/path/description findings of the package readers (reported by the runner's checks).
//  - IngestPackage.info: tag values the package declares (bag-info.txt, 说明文件.TXT, EEP header), for evidence.
//  - PackageFile.role: 'content' | 'metadata' | 'tag' (content = the record's own bytes).
//  - CheckContext.progress: optional per-file progress callback (call it for long per-file loops).
//  - CheckServices.existingFiles / acceptedBefore: duplicate lookups against the archive.
// The contract between the 四性检测 runner (modules/ingest) and the checks it runs (checks/*.check.ts).
import type { FormatInfo } from '../analyzers/format.analyzer.ts';

// DA/T 70-2018 item codes per stage: GD-<property>-<n> for 归档, YJ-… for 移交接收, CQ-… for 长期保存 (standards.md §7).

/** GD 归档 · YJ 移交接收 · CQ 长期保存 */
export type Stage = 'GD' | 'YJ' | 'CQ';
/** 真实性 · 完整性 · 可用性 · 安全性 */
export type Property = 'authenticity' | 'integrity' | 'usability' | 'safety';
export type Outcome = 'pass' | 'fail' | 'warning' | 'skipped';
export type DigestAlg = 'md5' | 'sha256' | 'sm3';

/** A content file of the package, already extracted (safely) to disk. */
export interface PackageFile {
  /** Path inside the package, '/'-separated, NFC, never absolute, never '..'. */
  path: string;
  /** Where the extracted bytes are on this machine. */
  absPath: string;
  size: number;
  /** Digests computed once by the runner while extracting (hex, lower case). */
  digests: Partial<Record<DigestAlg, string>>;
  /** runner: further digests (sha1, sha224, sha512) computed where the package declares them. */
  otherDigests?: Record<string, string>;
  /** runner: the format identified from the bytes as they were extracted (format.analyzer.ts), so no check reads the file for it again. */
  identified?: FormatInfo;
  /** runner: what the file is in the package; absent = content. */
  role?: 'content' | 'metadata' | 'tag';
  /** What the package's metadata says about the file (电子属性), where it says it. */
  declared?: {
    name?: string;
    size?: number;
    format?: string;
    createdAt?: string;
    digest?: { alg: DigestAlg; value: string };
    /** runner: every digest the package declares for the file (BagIt may declare several), alg → hex. */
    digests?: Record<string, string>;
    /** An electronic signature over the file's declared digest, where the metadata declares one. */
    signature?: { alg: 'SM2' | 'RSA'; value: string; certificate?: string; signedDigest?: string };
  };
}

/** One record (件) of the package: its metadata (mapped to Lantai record fields) and files. */
export interface PackageRecord {
  /** Stable key inside the package (e.g. the EEP id, the row of 文件目录.XML), for reports. */
  key: string;
  /** Lantai record fields (title, year, retention, archivalCode, docNo, responsible, date, …) plus extras. */
  metadata: Record<string, unknown>;
  files: PackageFile[];
}

export interface IngestPackage {
  layout: 'bagit' | 'eep' | 'transfer2012' | 'api' | 'folder';
  /** The extracted package root on disk. */
  root: string;
  records: PackageRecord[];
  /** Every file of the package, content and metadata/tag files alike. */
  files: PackageFile[];
  /** Totals the package declares (说明文件, bag-info Payload-Oxum, EEP header), where it declares them. */
  declared: { recordCount?: number; fileCount?: number; totalBytes?: number; digest?: { alg: DigestAlg; value: string } };
  /** XML documents of the package to check (EEP, 文件目录.XML, METS …). */
  xmlFiles: PackageFile[];
  /** runner: findings of the reader (path safety, structure, description files), reported by the runner's checks. */
  problems?: PackageProblem[];
  /** runner: tag values the package declares (bag-info.txt, 说明文件.TXT, EEP header). */
  info?: Record<string, string[]>;
}

/** runner: a finding of a package reader; `item` names the runner check that reports it. */
export interface PackageProblem {
  item: 'structure' | 'description' | 'fixity' | 'totals' | 'package-usability';
  severity: 'fail' | 'warning';
  code: string;
  zh: string;
  en: string;
  subject?: string;
  evidence?: Record<string, unknown>;
}

export interface CheckResult {
  outcome: Outcome;
  /** What was looked at and found: the figures, the mismatching values, the tool and its version. */
  evidence: Record<string, unknown>;
  zh: string;
  en: string;
  /** The record key or file path the result is about; absent for package-wide results. */
  subject?: string;
}

export interface CheckContext {
  pkg: IngestPackage;
  stage: Stage;
  /** This item's settings from the archive's versioned check configuration (thresholds, lists). */
  settings: Record<string, unknown>;
  /** Cancelled when the run is cancelled or times out. */
  signal: AbortSignal;
  /** Services a check may need, given by the runner (archival-code parsing, duplicate lookups, clamd …). */
  services: CheckServices;
  /** runner: reports progress inside a long check (done of total units, e.g. files). */
  progress?(done: number, total: number): void;
}

export interface CheckServices {
  /** Parse/validate a 档号 against the category's approved scheme; null when it conforms. */
  archivalCodeProblem?(record: PackageRecord): Promise<string | null>;
  /** 档号 / 文号 values that already exist in the archive. */
  existingCodes?(codes: string[]): Promise<Set<string>>;
  /** runner: content SHA-256s already stored as record files in the archive. */
  existingFiles?(sha256: string[]): Promise<Set<string>>;
  /** runner: the id of an earlier run that accepted a package with the same SHA-256, if any. */
  acceptedBefore?(): Promise<string | null>;
  /** clamd socket or host:port, when a virus scanner is configured. */
  clamd?: {
    socket?: string;
    host?: string;
    port?: number;
    /** clamd's DatabaseDirectory, when readable: the report names its signature files (GD-4-1 evidence). */
    databaseDirectory?: string;
  };
}

export interface CheckDefinition {
  /** Stable id, e.g. 'fixity', 'format-identification'. */
  id: string;
  /** DA/T 70 item code per stage it applies to, e.g. { GD: 'GD-1-1', YJ: 'YJ-1-1' }. */
  items: Partial<Record<Stage, string>>;
  property: Property;
  zh: string;
  en: string;
  /** Default settings; the archive's configuration overrides them per stage (config.validate.ts: same JSON type). */
  defaults: Record<string, unknown>;
  /** The values a setting may take, where it is one of a few (the web offers them as a list). */
  choices?: Record<string, readonly (string | number)[]>;
  /** Inclusive bounds of a numeric setting. */
  ranges?: Record<string, readonly [number, number]>;
  run(ctx: CheckContext): Promise<CheckResult[]>;
}
