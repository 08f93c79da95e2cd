import type { CheckDefinition } from './check.types.ts';
import { fixityCheck } from './fixity.check.ts';
import { formatCheck } from './format.check.ts';
import { archivalCodeCheck, duplicateCheck } from './identity.checks.ts';
import { lengthCheck, rangeCheck, reasonableCheck, requiredCheck, sequenceCheck, specialCharCheck, typeCheck } from './metadata.checks.ts';
import { attributesCheck, bytesCheck, contentCompleteCheck, countCheck, descriptionCheck, linkCheck, packageUsabilityCheck, structureCheck } from './package.checks.ts';
import { readabilityCheck } from './readability.check.ts';
import { signatureCheck } from './signature.check.ts';
import { virusScanCheck, virusScannerCheck } from './virus.check.ts';
import { xmlSchemaCheck, xmlWellFormedCheck } from './xml-schema.check.ts';

/**
 * THE ordered list of 四性检测 checks (the Paperless-ngx consume-plugin pattern): the runner runs
 * them in this order, each for the stages it has an item code for, unless the archive's
 * configuration switches it off. Add a check by adding one line here.
 */
export const CHECKS: CheckDefinition[] = [
  // 真实性 authenticity
  fixityCheck, // 1-1
  signatureCheck, // 1-1 (electronic signatures where declared)
  lengthCheck, // 1-2
  typeCheck, // 1-3
  rangeCheck, // 1-4
  reasonableCheck, // 1-5
  specialCharCheck, // 1-6
  archivalCodeCheck, // 1-7
  duplicateCheck, // 1-8
  attributesCheck, // 1-10
  linkCheck, // 1-11
  descriptionCheck, // 1-12
  structureCheck, // 1-13
  // 完整性 integrity
  countCheck, // 2-1
  bytesCheck, // 2-2
  requiredCheck, // 2-4
  sequenceCheck, // 2-6
  contentCompleteCheck, // 2-7
  xmlSchemaCheck, // 2-10
  // 可用性 usability
  xmlWellFormedCheck, // 3-1
  formatCheck, // 3-3
  readabilityCheck, // 3-4
  packageUsabilityCheck, // 3-8
  // 安全性 safety
  virusScannerCheck, // 4-1
  virusScanCheck, // 4-2
];
