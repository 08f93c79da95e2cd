/**
 * A package that cannot be taken apart safely (zip slip, absolute path, symlink, bomb, too many
 * entries, not a supported container). The run ends with a failed report item carrying this
 * evidence; nothing of the package is kept.
 */
export class UnsafePackageError extends Error {
  constructor(
    readonly code: string,
    readonly zh: string,
    readonly en: string,
    readonly evidence: Record<string, unknown> = {},
  ) {
    super(en);
  }
}

export const isUnsafePackage = (e: unknown): e is UnsafePackageError => e instanceof UnsafePackageError;
