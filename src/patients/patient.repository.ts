import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import type { JurisdictionScope } from '../common/auth/auth-user';
import { scopeCondition, ScopeCondition } from '../common/auth/jurisdiction';
import { AllergyStatus, PatientContactEntity, PatientEntity, PatientSex } from './patient.entity';
import { likePrefix, nameSearchTerms } from './patient-rules';

/** What other contexts learn about a patient. */
export interface PatientRefRow {
  id: string;
  sex: PatientSex;
  dateOfBirth: string;
  isActive: boolean;
}

/** One search hit, before masking. */
export interface PatientHitRow {
  id: string;
  first_name: string;
  middle_names: string | null;
  last_name: string;
  date_of_birth: string;
  sex: PatientSex;
  identity_type: PatientEntity['identityType'];
  identity_number_enc: Buffer | null;
  passport_country: string | null;
  phone_mobile: string | null;
  medical_aid_scheme: string | null;
  member_number_enc: Buffer | null;
  registered_clinic_id: string;
  is_active: number;
}

export interface PatientSearchCriteria {
  name?: string;
  identityBidx?: Buffer;
  memberBidx?: Buffer;
  phone?: string;
  dateOfBirth?: string;
  includeInactive: boolean;
  offset: number;
  limit: number;
  /** Count matches up to this many (a broad prefix at a million patients must not count them all). */
  countLimit: number;
}

const HIT_COLUMNS = `p.id, p.first_name, p.middle_names, p.last_name, DATE_FORMAT(p.date_of_birth, '%Y-%m-%d') AS date_of_birth, p.sex,
  p.identity_type, p.identity_number_enc, p.passport_country, p.phone_mobile, p.medical_aid_scheme, p.member_number_enc,
  p.registered_clinic_id, p.is_active`;

// Index order of ix_patients_last_first (+ the primary key InnoDB appends).
const NAME_ORDER = 'p.last_name, p.first_name, p.date_of_birth, p.is_active, p.id';

interface Branch {
  where: string[];
  params: unknown[];
  order: string;
}

/**
 * The patient's visibility as positional SQL: EXISTS a patient_facilities row inside the caller's
 * jurisdiction (one PK / index probe per patient), or nothing for national staff.
 */
export function scopeSql(scope: JurisdictionScope, patientIdColumn: string): { sql: string; params: string[] } {
  switch (scope.level) {
    case 'national':
      return { sql: '1=1', params: [] };
    case 'province':
      return { sql: `EXISTS (SELECT 1 FROM patient_facilities pf WHERE pf.patient_id = ${patientIdColumn} AND pf.province_id = ?)`, params: [scope.provinceId ?? ''] };
    case 'district':
      return { sql: `EXISTS (SELECT 1 FROM patient_facilities pf WHERE pf.patient_id = ${patientIdColumn} AND pf.district_id = ?)`, params: [scope.districtId ?? ''] };
    case 'clinic':
      return { sql: `EXISTS (SELECT 1 FROM patient_facilities pf WHERE pf.patient_id = ${patientIdColumn} AND pf.clinic_id = ?)`, params: [scope.clinicId ?? ''] };
  }
}

/** The same condition with named parameters, for other contexts' query builders. */
export function namedScopeSql(scope: JurisdictionScope, patientIdColumn: string): ScopeCondition {
  if (scope.level === 'national') return { sql: '1=1', params: {} };
  const inner = scopeCondition(scope, { province: 'pvis.province_id', district: 'pvis.district_id', clinic: 'pvis.clinic_id' });
  return {
    sql: `EXISTS (SELECT 1 FROM patient_facilities pvis WHERE pvis.patient_id = ${patientIdColumn} AND ${inner.sql})`,
    params: inner.params,
  };
}

/** The only place that touches the database for patients, their contacts and their facilities. */
@Injectable()
export class PatientRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  private db(manager?: EntityManager): EntityManager {
    return manager ?? this.dataSource.manager;
  }

  async findRef(scope: JurisdictionScope, id: string, opts: { manager?: EntityManager; lock?: boolean } = {}): Promise<PatientRefRow | null> {
    const cond = scopeSql(scope, 'p.id');
    const rows = (await this.db(opts.manager).query(
      `SELECT p.id, p.sex, DATE_FORMAT(p.date_of_birth, '%Y-%m-%d') AS date_of_birth, p.is_active
         FROM patients p WHERE p.id = ? AND ${cond.sql}${opts.lock ? ' FOR UPDATE' : ''}`,
      [id, ...cond.params],
    )) as { id: string; sex: PatientSex; date_of_birth: string; is_active: number }[];
    const row = rows[0];
    return row ? { id: row.id, sex: row.sex, dateOfBirth: row.date_of_birth, isActive: row.is_active === 1 } : null;
  }

  /** A patient by id whatever the scope, with what proves presence (the identity blind index). Only for resolveForVisit. */
  async findForPresenceProof(
    manager: EntityManager,
    id: string,
  ): Promise<(PatientRefRow & { identityType: PatientEntity['identityType']; passportCountry: string | null; identityNumberBidx: Buffer | null }) | null> {
    const rows = (await manager.query(
      `SELECT p.id, p.sex, DATE_FORMAT(p.date_of_birth, '%Y-%m-%d') AS date_of_birth, p.is_active, p.identity_type, p.passport_country, p.identity_number_bidx
         FROM patients p WHERE p.id = ?`,
      [id],
    )) as { id: string; sex: PatientSex; date_of_birth: string; is_active: number; identity_type: PatientEntity['identityType']; passport_country: string | null; identity_number_bidx: Buffer | null }[];
    const row = rows[0];
    if (!row) return null;
    return {
      id: row.id,
      sex: row.sex,
      dateOfBirth: row.date_of_birth,
      isActive: row.is_active === 1,
      identityType: row.identity_type,
      passportCountry: row.passport_country,
      identityNumberBidx: row.identity_number_bidx,
    };
  }

  /** The whole record if the caller may see it. */
  findVisibleEntity(scope: JurisdictionScope, id: string, manager?: EntityManager, lock = false): Promise<PatientEntity | null> {
    const cond = namedScopeSql(scope, 'p.id');
    const qb = this.db(manager).getRepository(PatientEntity).createQueryBuilder('p').where('p.id = :id', { id }).andWhere(cond.sql, cond.params);
    if (lock) qb.setLock('pessimistic_write');
    return qb.getOne();
  }

  async findIdByIdentityBidx(bidx: Buffer, manager?: EntityManager): Promise<string | null> {
    const rows = (await this.db(manager).query('SELECT id FROM patients WHERE identity_number_bidx = ?', [bidx])) as { id: string }[];
    return rows[0]?.id ?? null;
  }

  async insertPatient(manager: EntityManager, patient: Partial<PatientEntity>): Promise<void> {
    await manager.getRepository(PatientEntity).insert(patient);
  }

  /** Optimistic update: false when the version moved on (someone else saved first). Keeps the search index in step. */
  async updatePatient(manager: EntityManager, id: string, version: number, changes: Partial<PatientEntity>): Promise<boolean> {
    const result = await manager
      .getRepository(PatientEntity)
      .createQueryBuilder()
      .update()
      .set({ ...changes, version: () => 'version + 1' })
      .where('id = :id AND version = :version', { id, version })
      .execute();
    if (result.affected !== 1) return false;
    if (['firstName', 'lastName', 'dateOfBirth', 'isActive'].some((k) => k in changes)) {
      await manager.query(
        `UPDATE patient_search_scopes s JOIN patients p ON p.id = s.patient_id
            SET s.last_name = p.last_name, s.first_name = p.first_name, s.date_of_birth = p.date_of_birth, s.is_active = p.is_active
          WHERE s.patient_id = ?`,
        [id],
      );
    }
    return true;
  }

  /** The patient was registered or seen at the clinic: in its data scope, and in the scopes' search index. */
  async recordFacility(manager: EntityManager, patientId: string, clinic: { id: string; districtId: string; provinceId: string }): Promise<void> {
    await manager.query(
      'INSERT IGNORE INTO patient_facilities (patient_id, clinic_id, province_id, district_id, first_seen_at) VALUES (?, ?, ?, ?, NOW(3))',
      [patientId, clinic.id, clinic.provinceId, clinic.districtId],
    );
    await addSearchScopes(manager, patientId, clinic);
  }

  async setAllergyStatus(manager: EntityManager, patientId: string, status: AllergyStatus): Promise<void> {
    await manager.query('UPDATE patients SET allergy_status = ? WHERE id = ?', [status, patientId]);
  }

  /** Patients the caller may see with the same first and last name (collation: case- and accent-insensitive) and date of birth. */
  async findSameNameAndBirth(
    scope: JurisdictionScope,
    person: { firstName: string; lastName: string; dateOfBirth: string },
    excludeId: string,
    manager?: EntityManager,
  ): Promise<PatientHitRow[]> {
    const cond = scopeSql(scope, 'p.id');
    return (await this.db(manager).query(
      `SELECT ${HIT_COLUMNS} FROM patients p
        WHERE p.last_name = ? AND p.first_name = ? AND p.date_of_birth = ? AND p.id <> ? AND ${cond.sql}
        ORDER BY ${NAME_ORDER} LIMIT 10`,
      [person.lastName, person.firstName, person.dateOfBirth, excludeId, ...cond.params],
    )) as PatientHitRow[];
  }

  /** Search with the scope in the WHERE (see buildSearchSql): the page's rows and the count of matches up to countLimit. */
  async search(scope: JurisdictionScope, criteria: PatientSearchCriteria): Promise<{ rows: PatientHitRow[]; count: number }> {
    const { sql, params, countSql, countParams } = buildSearchSql(scope, criteria);
    const db = this.dataSource.manager;
    const rows = (await db.query(sql, params)) as PatientHitRow[];
    // A page that is not full ends the matches: the total is known without counting (the usual exact-number search).
    if (rows.length < criteria.limit && (rows.length > 0 || criteria.offset === 0)) return { rows, count: criteria.offset + rows.length };
    const counted = (await db.query(countSql, countParams)) as { n: number | string }[];
    return { rows, count: Number(counted[0]?.n ?? 0) };
  }

  listContacts(patientId: string, manager?: EntityManager): Promise<PatientContactEntity[]> {
    return this.db(manager).getRepository(PatientContactEntity).find({ where: { patientId }, order: { createdAt: 'ASC', id: 'ASC' } });
  }

  findContact(patientId: string, contactId: string, manager?: EntityManager): Promise<PatientContactEntity | null> {
    return this.db(manager).getRepository(PatientContactEntity).findOneBy({ id: contactId, patientId });
  }

  countContacts(manager: EntityManager, patientId: string): Promise<number> {
    return manager.getRepository(PatientContactEntity).countBy({ patientId });
  }

  async insertContacts(manager: EntityManager, contacts: Partial<PatientContactEntity>[]): Promise<void> {
    if (contacts.length > 0) await manager.getRepository(PatientContactEntity).insert(contacts);
  }

  async updateContact(manager: EntityManager, contactId: string, changes: Partial<PatientContactEntity>): Promise<void> {
    await manager.getRepository(PatientContactEntity).update({ id: contactId }, changes);
  }

  async deleteContact(manager: EntityManager, contactId: string): Promise<void> {
    await manager.getRepository(PatientContactEntity).delete({ id: contactId });
  }
}

/** The id a scope's rows carry in patient_search_scopes: the clinic, district or province. */
function scopeId(scope: JurisdictionScope): string {
  switch (scope.level) {
    case 'clinic':
      return scope.clinicId ?? '';
    case 'district':
      return scope.districtId ?? '';
    case 'province':
      return scope.provinceId ?? '';
    case 'national':
      return '';
  }
}

/**
 * The SQL of a search (exported for the bench and for EXPLAIN).
 * - Exact number, phone or date of birth alone: from patients by that index, scope as EXISTS on
 *   patient_facilities (a handful of rows, one probe each).
 * - Name or no criterion, national: patients' name indexes, walked in order.
 * - Name or no criterion, in a jurisdiction: patient_search_scopes' (scope_id, name...) indexes,
 *   walked in order, then patients by primary key for the page's rows only.
 * A name search is split into branches that each walk one name index in order (last-name matches
 * first, then first-name-only matches), each limited to the rows up to the end of the page, so a
 * one-letter prefix at a million patients reads a page, not the range. The count (up to
 * countLimit) reads the same indexes only.
 */
export function buildSearchSql(
  scope: JurisdictionScope,
  criteria: PatientSearchCriteria,
): { sql: string; params: unknown[]; countSql: string; countParams: unknown[] } {
  const terms = criteria.name ? nameSearchTerms(criteria.name) : null;
  const exact = criteria.identityBidx !== undefined || criteria.memberBidx !== undefined || criteria.phone !== undefined || (criteria.dateOfBirth !== undefined && !terms);
  const viaScopes = scope.level !== 'national' && !exact;
  // n: the table the name, birth date and activity columns come from.
  const n = viaScopes ? 's' : 'p';
  const nameOrder = `${n}.last_name, ${n}.first_name, ${n}.date_of_birth, ${n}.is_active, ${viaScopes ? 's.patient_id' : 'p.id'}`;
  const firstNameOrder = `${n}.first_name, ${n}.last_name, ${n}.date_of_birth, ${n}.is_active, ${viaScopes ? 's.patient_id' : 'p.id'}`;

  const common: string[] = [];
  const commonParams: unknown[] = [];
  if (viaScopes) {
    common.push('s.scope_id = ?');
    commonParams.push(scopeId(scope));
  }
  if (criteria.identityBidx) {
    common.push('p.identity_number_bidx = ?');
    commonParams.push(criteria.identityBidx);
  }
  if (criteria.memberBidx) {
    common.push('p.member_number_bidx = ?');
    commonParams.push(criteria.memberBidx);
  }
  if (criteria.phone) {
    common.push('(p.phone_mobile = ? OR p.phone_alternate = ?)');
    commonParams.push(criteria.phone, criteria.phone);
  }
  if (criteria.dateOfBirth) {
    common.push(`${n}.date_of_birth = ?`);
    commonParams.push(criteria.dateOfBirth);
  }
  if (!criteria.includeInactive) common.push(`${n}.is_active = 1`);
  if (scope.level !== 'national' && !viaScopes) {
    const cond = scopeSql(scope, 'p.id');
    common.push(cond.sql);
    commonParams.push(...cond.params);
  }

  const branches: Branch[] = [];
  if (terms?.kind === 'one') {
    const prefix = likePrefix(terms.prefix);
    branches.push({ where: [`${n}.last_name LIKE ?`], params: [prefix], order: nameOrder });
    // First-name matches whose last name does not match (those are in the first branch already).
    branches.push({ where: [`${n}.first_name LIKE ?`, `${n}.last_name NOT LIKE ?`], params: [prefix, prefix], order: firstNameOrder });
  } else if (terms?.kind === 'two') {
    const first = likePrefix(terms.first);
    const last = likePrefix(terms.last);
    branches.push({ where: [`${n}.last_name LIKE ?`, `${n}.first_name LIKE ?`], params: [last, first], order: nameOrder });
    // The two words the other way round ("Nkosi Thabo"), without repeating the first branch's rows.
    branches.push({
      where: [`${n}.last_name LIKE ?`, `${n}.first_name LIKE ?`, `NOT (${n}.last_name LIKE ? AND ${n}.first_name LIKE ?)`],
      params: [first, last, last, first],
      order: nameOrder,
    });
  } else {
    branches.push({ where: [], params: [], order: nameOrder });
  }

  const where = (b: Branch) => [...b.where, ...common].join(' AND ') || '1=1';
  // National name searches find the page's ids in the name index alone and only then read those
  // patients: reading each candidate row to test the second word ("zo dla") took 1.5-2.6 s at a
  // million patients, the index-only walk 26 ms.
  const from = (b: Branch, limit: string) =>
    viaScopes
      ? `patient_search_scopes s JOIN patients p ON p.id = s.patient_id WHERE ${where(b)}`
      : `(SELECT p.id FROM patients p WHERE ${where(b)} ORDER BY ${b.order} ${limit}) k JOIN patients p ON p.id = k.id`;
  const pageEnd = criteria.offset + criteria.limit;
  let sql: string;
  if (branches.length === 1) {
    const page = `LIMIT ${criteria.limit} OFFSET ${criteria.offset}`;
    sql = viaScopes || exact
      ? `SELECT ${HIT_COLUMNS} FROM ${viaScopes ? from(branches[0], '') : `patients p WHERE ${where(branches[0])}`} ORDER BY ${branches[0].order} ${page}`
      : `SELECT ${HIT_COLUMNS} FROM ${from(branches[0], page)} ORDER BY ${branches[0].order}`;
  } else {
    // Each branch returns at most the rows up to the end of the page, already in its index order.
    const branchSql = (b: Branch, i: number) =>
      `(SELECT ${HIT_COLUMNS}, ${i} AS branch, ${b.order.split(', ').map((c, k) => `${c} AS o${k}`).join(', ')}
       FROM ${from(b, `LIMIT ${pageEnd}`)} ORDER BY ${b.order} LIMIT ${pageEnd})`;
    sql = `SELECT * FROM (${branches.map(branchSql).join(' UNION ALL ')}) hits
      ORDER BY branch, o0, o1, o2, o3, o4 LIMIT ${criteria.limit} OFFSET ${criteria.offset}`;
  }
  const params = branches.flatMap((b) => [...b.params, ...commonParams]);
  // Counting via the scope index needs no join: every column it filters on is in the index.
  const countFrom = viaScopes ? 'patient_search_scopes s' : 'patients p';
  const countId = viaScopes ? 's.patient_id' : 'p.id';
  const countSql = `SELECT COUNT(*) AS n FROM (${branches
    .map((b) => `(SELECT ${countId} FROM ${countFrom} WHERE ${where(b)} LIMIT ${criteria.countLimit})`)
    .join(' UNION ALL ')}) counted`;
  return { sql, params, countSql, countParams: params };
}

/** Adds the patient to the search index of a clinic's scopes (the clinic, its district and province). Idempotent. */
export async function addSearchScopes(
  db: { query: (sql: string, params?: unknown[]) => Promise<unknown> },
  patientId: string,
  clinic: { id: string; districtId: string; provinceId: string },
): Promise<void> {
  await db.query(
    `INSERT IGNORE INTO patient_search_scopes (scope_id, patient_id, last_name, first_name, date_of_birth, is_active)
     SELECT s.scope_id, p.id, p.last_name, p.first_name, p.date_of_birth, p.is_active
       FROM patients p JOIN (SELECT ? AS scope_id UNION ALL SELECT ? UNION ALL SELECT ?) s
      WHERE p.id = ?`,
    [clinic.id, clinic.districtId, clinic.provinceId, patientId],
  );
}

/**
 * Rebuilds patient_search_scopes from patient_facilities and patients (INSERT IGNORE, so it also
 * completes a partial index). For data loaded with raw SQL, e.g. a benchmark generator.
 */
export async function rebuildSearchScopes(db: { query: (sql: string, params?: unknown[]) => Promise<unknown> }): Promise<void> {
  for (const column of ['clinic_id', 'district_id', 'province_id']) {
    await db.query(
      `INSERT IGNORE INTO patient_search_scopes (scope_id, patient_id, last_name, first_name, date_of_birth, is_active)
       SELECT pf.${column}, p.id, p.last_name, p.first_name, p.date_of_birth, p.is_active
         FROM patient_facilities pf JOIN patients p ON p.id = pf.patient_id`,
    );
  }
}
