import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type * as AppConfigModule from '../../src/config/app-config';
import type * as DatabaseModule from '../../src/cli/database';
import type * as SeedModule from '../../src/cli/seed';
import type * as AuditChainModule from '../../src/common/audit/audit-chain';
import type * as PasswordHasherModule from '../../src/identity/password-hasher';
import type * as FieldCipherModule from '../../src/common/crypto/field-cipher';
import type * as PatientRulesModule from '../../src/patients/patient-rules';
import type * as SaIdModule from '../../src/patients/sa-id';
import type * as PatientRepositoryModule from '../../src/patients/patient.repository';
import type * as ClinicDateModule from '../../src/common/time/clinic-date';
import { DIST } from './settings';

/**
 * The project's own code, loaded from the build the bench measures (dist/), not from src/ via
 * ts-node: src/ may be mid-edit by someone else, and the chain the generator writes must hash
 * exactly like the app that later verifies it.
 */
export interface ProjectModules {
  loadConfig: typeof AppConfigModule.loadConfig;
  migrate: typeof DatabaseModule.migrate;
  seed: typeof SeedModule.seed;
  chainEntries: typeof AuditChainModule.chainEntries;
  verifySegment: typeof AuditChainModule.verifySegment;
  GENESIS_HASH: typeof AuditChainModule.GENESIS_HASH;
  ARGON2_OPTIONS: typeof PasswordHasherModule.ARGON2_OPTIONS;
}

function load<T>(relative: string): T {
  const file = join(DIST, relative);
  if (!existsSync(file)) throw new Error(`${file} is missing: run "npm run build" (npm run bench does it for you)`);
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require(file) as T;
}

export function loadProjectModules(): ProjectModules {
  const config = load<typeof AppConfigModule>('src/config/app-config.js');
  const database = load<typeof DatabaseModule>('src/cli/database.js');
  const seed = load<typeof SeedModule>('src/cli/seed.js');
  const chain = load<typeof AuditChainModule>('src/common/audit/audit-chain.js');
  const hasher = load<typeof PasswordHasherModule>('src/identity/password-hasher.js');
  return {
    loadConfig: config.loadConfig,
    migrate: database.migrate,
    seed: seed.seed,
    chainEntries: chain.chainEntries,
    verifySegment: chain.verifySegment,
    GENESIS_HASH: chain.GENESIS_HASH,
    ARGON2_OPTIONS: hasher.ARGON2_OPTIONS,
  };
}

/** The clinics' calendar date, as the app computes "today" for prescriptions and expiries. */
export function loadClinicToday(): typeof ClinicDateModule.clinicToday {
  return load<typeof ClinicDateModule>('src/common/time/clinic-date.js').clinicToday;
}

/** Only the pure hash-chain functions (cheap to load: no TypeORM, no Nest). */
export function loadAuditChain(): typeof AuditChainModule {
  return load<typeof AuditChainModule>('src/common/audit/audit-chain.js');
}

/**
 * What the patient generator and the patient scenarios use of the Patients context: the field
 * cipher and blind index (so generated ciphertexts open, and exact search finds them, in the app
 * running with the same dev keys), the normalisation of numbers before indexing, the SA ID check
 * digit, and the search SQL the repository runs (for the raw-SQL baseline and EXPLAIN).
 */
export interface PatientModules {
  FieldCipher: typeof FieldCipherModule.FieldCipher;
  rules: typeof PatientRulesModule;
  saId: typeof SaIdModule;
  buildSearchSql: typeof PatientRepositoryModule.buildSearchSql;
}

export function loadPatientModules(): PatientModules {
  return {
    FieldCipher: load<typeof FieldCipherModule>('src/common/crypto/field-cipher.js').FieldCipher,
    rules: load<typeof PatientRulesModule>('src/patients/patient-rules.js'),
    saId: load<typeof SaIdModule>('src/patients/sa-id.js'),
    buildSearchSql: load<typeof PatientRepositoryModule>('src/patients/patient.repository.js').buildSearchSql,
  };
}
