import { randomBytes } from 'node:crypto';
import type { Response } from 'supertest';
import { FieldCipher } from '../../src/common/crypto/field-cipher';
import { rekeyPatients } from '../../src/patients/patient-rekey';
import { IDENTITY_NUMBER_PURPOSE, MEMBER_NUMBER_PURPOSE } from '../../src/patients/patient-rules';
import { luhnCheckDigit } from '../../src/patients/sa-id';
import { demoEmail, startTestApp, TestApp } from '../support/test-app';

/** A well-formed SA ID for a date of birth: a fresh sequence number each call, citizenship 0, Luhn digit. */
let sequence = 1000;
function saIdFor(dateOfBirth: string, sex: 'female' | 'male' = 'female'): string {
  sequence += 1;
  const seq = String((sex === 'male' ? 5000 : 0) + (sequence % 5000)).padStart(4, '0');
  const prefix = `${dateOfBirth.slice(2, 4)}${dateOfBirth.slice(5, 7)}${dateOfBirth.slice(8, 10)}${seq}08`;
  return prefix + luhnCheckDigit(prefix);
}

const withBadCheckDigit = (id: string) => id.slice(0, 12) + String((Number(id[12]) + 1) % 10);

describe('patients', () => {
  let t: TestApp;
  let clerk: string;
  let clerkId: string;
  let admin: string;
  let clinicId: string;
  let gautengId: string;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const fields = (res: Response) => [...new Set((res.body.details as { field: string }[]).map((d) => d.field))].sort();

  beforeAll(async () => {
    t = await startTestApp();
    const login = await t.login(demoEmail('clerk'));
    clerk = login.accessToken;
    clerkId = login.userId;
    admin = await t.tokenFor('admin');
    clinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
    gautengId = (await t.db.query("SELECT id FROM provinces WHERE code = 'GP'"))[0].id;
  });
  afterAll(() => t.close());

  const patientBody = (overrides: Record<string, unknown> = {}) => {
    const dateOfBirth = typeof overrides.dateOfBirth === 'string' && /^\d{4}-/.test(overrides.dateOfBirth) ? overrides.dateOfBirth : '1985-06-15';
    return {
      firstName: 'Lindiwe',
      lastName: 'Zulu',
      dateOfBirth,
      sex: 'female',
      identityType: 'sa_id',
      identityNumber: saIdFor(dateOfBirth),
      registeredClinicId: clinicId,
      ...overrides,
    };
  };
  const register = (body: object, token = clerk) => t.http().post('/api/v1/patients').set(auth(token)).send(body);
  const search = (query: string, token = clerk) => t.http().get(`/api/v1/patients?${query}`).set(auth(token));

  describe('registration', () => {
    it('registers a patient with contacts and medical aid, normalising phones, and masks numbers outside GET /patients/{id}', async () => {
      const body = patientBody({
        middleNames: 'Grace',
        phoneMobile: '083 555 0142',
        phoneAlternate: '+27 12 345 6000',
        email: 'Lindiwe.Zulu@Example.org',
        address: { line1: '12 Church Street', town: 'Pretoria', postalCode: '0002', provinceId: gautengId },
        preferredLanguage: 'isizulu',
        medicalAid: { scheme: 'Polmed', plan: 'Marine', memberNumber: '7766 5544', dependantCode: '00', principalMemberName: 'Lindiwe Zulu' },
        contacts: [{ kind: 'emergency', fullName: 'Sibusiso Zulu', relationship: 'brother', phonePrimary: '0825550123' }],
      });
      const res = await register(body).expect(201);
      const id = body.identityNumber as string;
      expect(res.body).toMatchObject({
        firstName: 'Lindiwe',
        middleNames: 'Grace',
        lastName: 'Zulu',
        dateOfBirth: '1985-06-15',
        sex: 'female',
        identityType: 'sa_id',
        identityNumber: `*********${id.slice(-4)}`,
        passportCountry: null,
        phoneMobile: '+27835550142',
        phoneAlternate: '+27123456000',
        email: 'lindiwe.zulu@example.org',
        address: { line1: '12 Church Street', line2: null, town: 'Pretoria', postalCode: '0002', provinceId: gautengId },
        preferredLanguage: 'isizulu',
        medicalAid: { scheme: 'Polmed', plan: 'Marine', memberNumber: '*****5544', dependantCode: '00', principalMemberName: 'Lindiwe Zulu' },
        allergyStatus: 'unknown',
        registeredClinicId: clinicId,
        registeredBy: clerkId,
        isActive: true,
        deactivatedAt: null,
        version: 1,
        possibleDuplicates: [],
      });
      expect(res.body.contacts).toEqual([
        expect.objectContaining({ kind: 'emergency', fullName: 'Sibusiso Zulu', relationship: 'brother', phonePrimary: '+27825550123', phoneAlternate: null }),
      ]);
      const full = await t.http().get(`/api/v1/patients/${res.body.id}`).set(auth(clerk)).expect(200);
      expect(full.body.identityNumber).toBe(id);
      expect(full.body.medicalAid.memberNumber).toBe('7766 5544');
      expect(full.body).not.toHaveProperty('possibleDuplicates');
      expect(Object.keys(full.body)).not.toEqual(expect.arrayContaining(['identityNumberEnc', 'identityNumberBidx']));
      const [facility] = await t.db.query('SELECT clinic_id FROM patient_facilities WHERE patient_id = ?', [res.body.id]);
      expect(facility.clinic_id).toBe(clinicId);
      // GET of a patient is audited as a read of PHI.
      const audit = await t.db.query("SELECT action FROM audit_log WHERE resource_id = ? AND action = 'getPatient'", [res.body.id]);
      expect(audit).toHaveLength(1);
    });

    it('flags same names and date of birth (case- and accent-insensitive) as possible duplicates, but registers', async () => {
      const first = await register(patientBody({ firstName: 'Zoë', lastName: 'Ndlovu', dateOfBirth: '1979-02-28' })).expect(201);
      expect(first.body.possibleDuplicates).toEqual([]);
      const second = await register(patientBody({ firstName: 'ZOE', lastName: 'ndlovu', dateOfBirth: '1979-02-28' })).expect(201);
      expect(second.body.possibleDuplicates).toEqual([
        { id: first.body.id, firstName: 'Zoë', middleNames: null, lastName: 'Ndlovu', dateOfBirth: '1979-02-28', identityType: 'sa_id', registeredClinicId: clinicId, isActive: true },
      ]);
      const otherBirthday = await register(patientBody({ firstName: 'Zoe', lastName: 'Ndlovu', dateOfBirth: '1979-03-01' })).expect(201);
      expect(otherBirthday.body.possibleDuplicates).toEqual([]);
    });

    it('accepts a valid SA ID from either century and refuses a bad check digit, a date mismatch and malformed numbers with field messages', async () => {
      await register(patientBody({ dateOfBirth: '2001-02-03', identityNumber: '0102031234085' })).expect(201);
      await register(patientBody({ dateOfBirth: '1950-04-27', sex: 'male', identityNumber: saIdFor('1950-04-27', 'male') })).expect(201);
      // YYMMDD does not carry the century: a centenarian born 1925 has the same digits as a child born 2025.
      await register(patientBody({ dateOfBirth: '1925-03-01', sex: 'male', identityNumber: saIdFor('1925-03-01', 'male') })).expect(201);
      await register(patientBody({ dateOfBirth: '2025-03-01', sex: 'male', identityNumber: saIdFor('2025-03-01', 'male') })).expect(201);
      const cases: [Record<string, unknown>, string][] = [
        [{ identityNumber: withBadCheckDigit(saIdFor('1985-06-15')) }, 'identityNumber has an invalid check digit'],
        [{ dateOfBirth: '1985-06-16', identityNumber: saIdFor('1985-06-15') }, 'identityNumber does not match dateOfBirth'],
        // Same month and day, another year.
        [{ dateOfBirth: '1911-02-03', identityNumber: '0102031234085' }, 'identityNumber does not match dateOfBirth'],
        [{ identityNumber: '850615123408' }, 'identityNumber must be 13 digits'],
        [{ identityNumber: '85061512340AB' }, 'identityNumber must be 13 digits'],
        [{ identityNumber: (() => { const p = '851315123408'; return p + luhnCheckDigit(p); })() }, 'identityNumber does not start with a real date of birth (YYMMDD)'],
        [{ identityNumber: (() => { const p = '850615123438'; return p + luhnCheckDigit(p); })() }, 'identityNumber has an invalid citizenship digit (must be 0, 1 or 2)'],
        [{ identityNumber: undefined }, 'identityNumber is required when identityType is sa_id'],
      ];
      for (const [overrides, message] of cases) {
        const res = await register(patientBody(overrides));
        expect({ status: res.status, error: res.body.error }).toEqual({ status: 400, error: 'VALIDATION_FAILED' });
        expect(res.body.details).toContainEqual({ field: 'identityNumber', message });
      }
    });

    it('applies the passport rules: issuing country required and ISO, 5-20 letters or digits', async () => {
      const ok = await register(patientBody({ identityType: 'passport', identityNumber: 'ab 98-7654', passportCountry: 'zw' })).expect(201);
      expect(ok.body).toMatchObject({ identityType: 'passport', passportCountry: 'ZW', identityNumber: '****7654' });
      const full = await t.http().get(`/api/v1/patients/${ok.body.id}`).set(auth(clerk)).expect(200);
      expect(full.body.identityNumber).toBe('AB987654');
      const cases: [Record<string, unknown>, { field: string; message: string }][] = [
        [{ identityNumber: 'A1234567' }, { field: 'passportCountry', message: 'passportCountry is required when identityType is passport' }],
        [{ identityNumber: 'A1234567', passportCountry: 'XX' }, { field: 'passportCountry', message: 'passportCountry must be an ISO 3166-1 alpha-2 country code, e.g. ZW' }],
        [{ identityNumber: 'A12', passportCountry: 'ZW' }, { field: 'identityNumber', message: 'identityNumber must be a passport number of 5-20 letters or digits' }],
        [{ identityNumber: 'A1234567/8', passportCountry: 'ZW' }, { field: 'identityNumber', message: 'identityNumber must be a passport number of 5-20 letters or digits' }],
      ];
      for (const [overrides, detail] of cases) {
        const res = await register(patientBody({ identityType: 'passport', ...overrides }));
        expect(res.status).toBe(400);
        expect(res.body.details).toContainEqual(detail);
      }
      const saWithCountry = await register(patientBody({ passportCountry: 'ZA' }));
      expect(saWithCountry.body.details).toContainEqual({ field: 'passportCountry', message: 'passportCountry must be left out unless identityType is passport' });
      const noneWithNumber = await register(patientBody({ identityType: 'none' }));
      expect(noneWithNumber.body.details).toContainEqual({ field: 'identityNumber', message: 'identityNumber must be left out when identityType is none' });
      const none = await register(patientBody({ identityType: 'none', identityNumber: undefined })).expect(201);
      expect(none.body).toMatchObject({ identityType: 'none', identityNumber: null });
      // Patients without a document do not collide with each other.
      await register(patientBody({ identityType: 'none', identityNumber: undefined })).expect(201);
    });

    it('answers 409 PATIENT_DUPLICATE_ID with the existing id for a registered SA ID or passport', async () => {
      const body = patientBody();
      const first = await register(body).expect(201);
      const dup = await register({ ...patientBody({ firstName: 'Other', lastName: 'Person' }), identityNumber: `${body.identityNumber.slice(0, 6)} ${body.identityNumber.slice(6)}` });
      expect(dup.status).toBe(409);
      expect(dup.body).toMatchObject({ statusCode: 409, error: 'PATIENT_DUPLICATE_ID', existingId: first.body.id });
      const passport = await register(patientBody({ identityType: 'passport', identityNumber: 'DUP12345', passportCountry: 'LS' })).expect(201);
      const passportDup = await register(patientBody({ identityType: 'passport', identityNumber: 'dup12345', passportCountry: 'LS' }));
      expect(passportDup.body).toMatchObject({ error: 'PATIENT_DUPLICATE_ID', existingId: passport.body.id });
      // A passport number is unique only within its issuing country.
      await register(patientBody({ identityType: 'passport', identityNumber: 'DUP12345', passportCountry: 'BW' })).expect(201);
      // Nothing else in the error body carries patient data.
      expect(Object.keys(dup.body).sort()).toEqual(['error', 'existingId', 'message', 'requestId', 'statusCode']);
    });

    it('lets exactly one of several racing registrations of the same ID win', async () => {
      const body = patientBody({ firstName: 'Racer' });
      const results = await Promise.all([register(body), register(body), register(body)]);
      const statuses = results.map((r) => r.status).sort();
      expect(statuses).toEqual([201, 409, 409]);
      const winner = results.find((r) => r.status === 201)!;
      for (const loser of results.filter((r) => r.status === 409)) {
        expect(loser.body).toMatchObject({ error: 'PATIENT_DUPLICATE_ID', existingId: winner.body.id });
      }
      const [{ n }] = await t.db.query("SELECT COUNT(*) AS n FROM patients WHERE first_name = 'Racer'");
      expect(Number(n)).toBe(1);
    });

    it('refuses a registering clinic or province that does not exist', async () => {
      const clinic = await register(patientBody({ registeredClinicId: '00000000-0000-4000-8000-000000000000' }));
      expect(clinic.status).toBe(400);
      expect(clinic.body.details).toEqual([{ field: 'registeredClinicId', message: 'registeredClinicId does not name a clinic in your jurisdiction' }]);
      const province = await register(patientBody({ address: { provinceId: '00000000-0000-4000-8000-000000000000' } }));
      expect(province.body.details).toEqual([{ field: 'address.provinceId', message: 'address.provinceId does not name a province' }]);
    });
  });

  describe('encryption at rest', () => {
    it('stores no plaintext identity or member number, yet exact search finds the patient', async () => {
      const body = patientBody({ firstName: 'Cipher', medicalAid: { scheme: 'Bonitas', memberNumber: 'BN8800776655' } });
      const id = body.identityNumber as string;
      const created = await register(body).expect(201);
      const [row] = await t.db.query(
        'SELECT HEX(identity_number_enc) AS idHex, HEX(member_number_enc) AS memberHex, LENGTH(identity_number_bidx) AS bidxLength FROM patients WHERE id = ?',
        [created.body.id],
      );
      const hexOf = (s: string) => Buffer.from(s, 'utf8').toString('hex').toUpperCase();
      expect(row.idHex).not.toContain(hexOf(id));
      expect(row.idHex).not.toContain(hexOf(id.slice(-6)));
      expect(row.memberHex).not.toContain(hexOf('8800776655'));
      expect(Number(row.bidxLength)).toBe(32);
      // The key id travels with the ciphertext: [length][id]...
      expect(row.idHex.slice(0, 2)).toBe('04');
      const columns = (await t.db.query(
        "SELECT COLUMN_NAME AS c FROM information_schema.COLUMNS WHERE TABLE_SCHEMA = DATABASE() AND TABLE_NAME = 'patients'",
      )) as { c: string }[];
      const rowText = `CONCAT_WS('|', ${columns.map(({ c }) => `\`${c}\``).join(', ')})`;
      for (const needle of [id, id.slice(-7), '8800776655']) {
        const [{ n }] = await t.db.query(`SELECT COUNT(*) AS n FROM patients WHERE ${rowText} LIKE ?`, [`%${needle}%`]);
        expect(Number(n)).toBe(0);
      }
      const byId = await search(`identityNumber=${id}`).expect(200);
      expect(byId.body.data.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
      expect(byId.body.data[0].identityNumber).toBe(`*********${id.slice(-4)}`);
      const byMember = await search('medicalAidNumber=BN8800776655').expect(200);
      expect(byMember.body.data.map((p: { id: string }) => p.id)).toEqual([created.body.id]);
      expect(byMember.body.data[0]).toMatchObject({ medicalAidScheme: 'Bonitas', memberNumber: '********6655' });
    });
  });

  describe('search', () => {
    let renee: string;
    beforeAll(async () => {
      renee = (await register(patientBody({ firstName: 'Renée', lastName: 'Oberholzer', phoneMobile: '071 234 9876' })).expect(201)).body.id;
    });
    const ids = (res: Response) => (res.body.data as { id: string }[]).map((p) => p.id);

    it('finds by name prefix, case- and accent-insensitive, first or last name, and both words in either order', async () => {
      for (const q of ['renee', 'RENÉ', 'oberh', 'Renee%20Ober', 'ober%20ren']) {
        expect(ids(await search(`name=${q}`).expect(200))).toContain(renee);
      }
      expect(ids(await search('name=renee%20smith').expect(200))).not.toContain(renee);
      expect(ids(await search('name=berholzer').expect(200))).not.toContain(renee);
      // Demo data: José Fernandes, found without the accent.
      const jose = await search('name=jose').expect(200);
      expect(jose.body.data.map((p: { firstName: string }) => p.firstName)).toContain('José');
      // LIKE wildcards in the query are literal.
      expect(ids(await search('name=%25').expect(200))).toEqual([]);
      expect(ids(await search('name=_enee').expect(200))).toEqual([]);
    });

    it('finds by exact SA ID, passport, member number (dependants share it) and phone', async () => {
      const thabo = await search('identityNumber=800101%205009%20087').expect(200);
      expect(thabo.body.data).toHaveLength(1);
      expect(thabo.body.data[0]).toMatchObject({ firstName: 'Thabo', lastName: 'Nkosi', identityNumber: '*********9087' });
      const jose = await search('passportNumber=AB123456&passportCountry=MZ').expect(200);
      expect(jose.body.data.map((p: { lastName: string }) => p.lastName)).toEqual(['Fernandes']);
      expect((await search('passportNumber=AB123456&passportCountry=ZW').expect(200)).body.data).toEqual([]);
      const family = await search('medicalAidNumber=55667788').expect(200);
      expect(family.body.data.map((p: { firstName: string }) => p.firstName).sort()).toEqual(['Nomvula', 'Sipho']);
      expect(ids(await search('phone=071%20234%209876').expect(200))).toEqual([renee]);
      expect(ids(await search('phone=%2B27712349876').expect(200))).toEqual([renee]);
      expect(ids(await search('name=renee&dateOfBirth=1985-06-15').expect(200))).toEqual([renee]);
      expect(ids(await search('name=renee&dateOfBirth=1985-06-14').expect(200))).toEqual([]);
    });

    it('pages through the matches in name order without repeats', async () => {
      for (const firstName of ['Anele', 'Bongani', 'Chris']) await register(patientBody({ firstName, lastName: 'Pagetest' })).expect(201);
      const one = await search('name=pagetest&perPage=2&page=1').expect(200);
      expect(one.body.data.map((p: { firstName: string }) => p.firstName)).toEqual(['Anele', 'Bongani']);
      expect(one.body.meta).toEqual({ total: 3, page: 1, perPage: 2, totalPages: 2, hasNext: true, hasPrev: false, totalCapped: false });
      const two = await search('name=pagetest&perPage=2&page=2').expect(200);
      expect(two.body.data.map((p: { firstName: string }) => p.firstName)).toEqual(['Chris']);
      expect(two.body.meta).toMatchObject({ total: 3, hasNext: false, hasPrev: true });
      // Past the first 1,000 matches a search is narrowed, not paged (deep pages would scan the index).
      const deep = await search('name=pagetest&perPage=100&page=11').expect(400);
      expect(deep.body.details).toEqual([{ field: 'page', message: expect.stringContaining('narrow the search') }]);
      await search('name=pagetest&perPage=100&page=10').expect(200);
      // First-name matches come after last-name matches, each in name order.
      await register(patientBody({ firstName: 'Pagetester', lastName: 'Aardvark' })).expect(201);
      const mixed = await search('name=pagetest&perPage=10').expect(200);
      expect(mixed.body.data.map((p: { firstName: string }) => p.firstName)).toEqual(['Anele', 'Bongani', 'Chris', 'Pagetester']);
      expect(mixed.body.meta.total).toBe(4);
      // With no criteria: every patient the caller may see, by name.
      const all = await search('perPage=100').expect(200);
      const names = all.body.data.map((p: { lastName: string; firstName: string }) => `${p.lastName}`.toLowerCase());
      expect([...names].sort((a, b) => a.localeCompare(b))).toEqual(names);
    });

    it('refuses malformed criteria with field messages', async () => {
      const cases: [string, string][] = [
        ['identityNumber=123', 'identityNumber'],
        ['passportNumber=AB123456', 'passportCountry'],
        ['passportCountry=ZW', 'passportNumber'],
        ['passportNumber=AB123456&passportCountry=QQ', 'passportCountry'],
        ['phone=not-a-phone', 'phone'],
        ['dateOfBirth=1985-02-30', 'dateOfBirth'],
        ['includeInactive=maybe', 'includeInactive'],
        ['page=0', 'page'],
        ['perPage=101', 'perPage'],
        ['medicalAidNumber=%24%24', 'medicalAidNumber'],
        [`name=${'a'.repeat(101)}`, 'name'],
        ['identityNumber=8001015009087&passportNumber=AB123456&passportCountry=MZ', 'passportNumber'],
        // Repeated parameters arrive as arrays.
        ['name=a&name=b', 'name'],
        ['identityNumber=8001015009087&identityNumber=8001015009087', 'identityNumber'],
        ['phone=0821234567&phone=0821234567', 'phone'],
        ['passportNumber=A1234567&passportNumber=B1234567&passportCountry=ZW', 'passportNumber'],
        ['includeInactive=true&includeInactive=false', 'includeInactive'],
        ['unknown=1', 'unknown'],
      ];
      for (const [query, field] of cases) {
        const res = await search(query);
        expect({ query, status: res.status }).toEqual({ query, status: 400 });
        expect(fields(res)).toContain(field);
      }
    });
  });

  describe('update, deactivate, reactivate', () => {
    it('updates with the current version and answers 409 to a stale one; racing updates have one winner', async () => {
      const created = (await register(patientBody({ firstName: 'Versioned' })).expect(201)).body;
      const updated = await t.http().patch(`/api/v1/patients/${created.id}`).set(auth(clerk)).send({ version: 1, phoneMobile: '0609998888', middleNames: 'Thandeka' }).expect(200);
      expect(updated.body).toMatchObject({ version: 2, phoneMobile: '+27609998888', middleNames: 'Thandeka', firstName: 'Versioned' });
      const stale = await t.http().patch(`/api/v1/patients/${created.id}`).set(auth(clerk)).send({ version: 1, firstName: 'Stale' });
      expect(stale.status).toBe(409);
      expect(stale.body.error).toBe('PATIENT_VERSION_CONFLICT');
      const race = await Promise.all(
        ['Alpha', 'Beta'].map((firstName) => t.http().patch(`/api/v1/patients/${created.id}`).set(auth(clerk)).send({ version: 2, firstName })),
      );
      expect(race.map((r) => r.status).sort()).toEqual([200, 409]);
      const after = await t.http().get(`/api/v1/patients/${created.id}`).set(auth(clerk)).expect(200);
      expect(after.body.version).toBe(3);
      expect(['Alpha', 'Beta']).toContain(after.body.firstName);
      // The clinic's search index follows the rename.
      expect((await search(`name=${after.body.firstName}%20zulu`).expect(200)).body.data.map((p: { id: string }) => p.id)).toContain(created.id);
      expect((await search('name=versioned').expect(200)).body.data.map((p: { id: string }) => p.id)).not.toContain(created.id);
      const cleared = await t.http().patch(`/api/v1/patients/${created.id}`).set(auth(clerk)).send({ version: 3, middleNames: null, phoneMobile: null }).expect(200);
      expect(cleared.body).toMatchObject({ middleNames: null, phoneMobile: null, version: 4 });
    });

    it('re-checks the identity document and its uniqueness when it changes', async () => {
      const a = (await register(patientBody()).expect(201)).body;
      const bBody = patientBody();
      const b = (await register(bBody).expect(201)).body;
      const dup = await t.http().patch(`/api/v1/patients/${a.id}`).set(auth(clerk)).send({ version: 1, identityNumber: bBody.identityNumber });
      expect(dup.body).toMatchObject({ statusCode: 409, error: 'PATIENT_DUPLICATE_ID', existingId: b.id });
      const mismatch = await t.http().patch(`/api/v1/patients/${a.id}`).set(auth(clerk)).send({ version: 1, dateOfBirth: '1985-06-16' });
      expect(mismatch.status).toBe(400);
      expect(mismatch.body.details).toEqual([{ field: 'identityNumber', message: 'identityNumber does not match dateOfBirth' }]);
      const bad = await t.http().patch(`/api/v1/patients/${a.id}`).set(auth(clerk)).send({ version: 1, identityNumber: withBadCheckDigit(saIdFor('1985-06-15')) });
      expect(bad.body.details).toEqual([{ field: 'identityNumber', message: 'identityNumber has an invalid check digit' }]);
      const newId = saIdFor('1985-06-15');
      const changed = await t.http().patch(`/api/v1/patients/${a.id}`).set(auth(clerk)).send({ version: 1, identityNumber: newId }).expect(200);
      expect(changed.body.identityNumber).toBe(`*********${newId.slice(-4)}`);
      expect((await search(`identityNumber=${newId}`).expect(200)).body.data.map((p: { id: string }) => p.id)).toEqual([a.id]);
      const toPassport = await t.http().patch(`/api/v1/patients/${a.id}`).set(auth(clerk)).send({ version: 2, identityType: 'passport' });
      expect(fields(toPassport)).toEqual(['identityNumber', 'passportCountry']);
      const passport = await t.http().patch(`/api/v1/patients/${a.id}`).set(auth(clerk)).send({ version: 2, identityType: 'passport', identityNumber: 'N7654321', passportCountry: 'NA' }).expect(200);
      expect(passport.body).toMatchObject({ identityType: 'passport', passportCountry: 'NA', identityNumber: '****4321' });
      const none = await t.http().patch(`/api/v1/patients/${a.id}`).set(auth(clerk)).send({ version: 3, identityType: 'none' }).expect(200);
      expect(none.body).toMatchObject({ identityType: 'none', identityNumber: null, passportCountry: null });
      // The old number is free again.
      await register(patientBody({ identityNumber: newId })).expect(201);
    });

    it('deactivates with a reason and reactivates; inactive patients leave search unless asked for', async () => {
      const p = (await register(patientBody({ firstName: 'Dormant', lastName: 'Sleeper' })).expect(201)).body;
      await t.http().post(`/api/v1/patients/${p.id}/deactivate`).set(auth(clerk)).send({}).expect(400);
      const off = await t.http().post(`/api/v1/patients/${p.id}/deactivate`).set(auth(clerk)).send({ reason: 'Registered twice by mistake' }).expect(200);
      expect(off.body).toMatchObject({ isActive: false, deactivationReason: 'Registered twice by mistake', version: 2 });
      expect(off.body.deactivatedAt).toEqual(expect.any(String));
      const again = await t.http().post(`/api/v1/patients/${p.id}/deactivate`).set(auth(clerk)).send({ reason: 'again' });
      expect(again.body.error).toBe('PATIENT_ALREADY_INACTIVE');
      expect((await search('name=sleeper').expect(200)).body.data).toEqual([]);
      expect((await search('name=sleeper&includeInactive=true').expect(200)).body.data.map((x: { id: string }) => x.id)).toEqual([p.id]);
      await t.http().get(`/api/v1/patients/${p.id}`).set(auth(clerk)).expect(200);
      const on = await t.http().post(`/api/v1/patients/${p.id}/reactivate`).set(auth(clerk)).expect(200);
      expect(on.body).toMatchObject({ isActive: true, deactivatedAt: null, deactivationReason: null, version: 3 });
      expect((await t.http().post(`/api/v1/patients/${p.id}/reactivate`).set(auth(clerk))).body.error).toBe('PATIENT_ALREADY_ACTIVE');
      expect((await search('name=sleeper').expect(200)).body.data).toHaveLength(1);
    });
  });

  describe('contacts', () => {
    it('lists, adds, updates and removes contacts, at most five', async () => {
      const p = (await register(patientBody({ contacts: [{ kind: 'next_of_kin', fullName: 'Mandla Zulu', relationship: 'father', phonePrimary: '+27825550000' }] })).expect(201)).body;
      const base = `/api/v1/patients/${p.id}/contacts`;
      const list = await t.http().get(base).set(auth(clerk)).expect(200);
      expect(list.body).toHaveLength(1);
      const added = await t.http().post(base).set(auth(clerk)).send({ kind: 'emergency', fullName: 'Ayanda Zulu', relationship: 'aunt', phonePrimary: '082 555 0001', email: 'Ayanda@Example.org' }).expect(201);
      expect(added.body).toMatchObject({ kind: 'emergency', phonePrimary: '+27825550001', email: 'ayanda@example.org' });
      const updated = await t.http().patch(`${base}/${added.body.id}`).set(auth(clerk)).send({ relationship: 'godmother', email: null }).expect(200);
      expect(updated.body).toMatchObject({ relationship: 'godmother', email: null, fullName: 'Ayanda Zulu' });
      await t.http().delete(`${base}/${added.body.id}`).set(auth(clerk)).expect(204);
      await t.http().delete(`${base}/${added.body.id}`).set(auth(clerk)).expect(404);
      await t.http().patch(`${base}/00000000-0000-4000-8000-000000000000`).set(auth(clerk)).send({ relationship: 'x y' }).expect(404);
      for (let i = 0; i < 4; i += 1) {
        await t.http().post(base).set(auth(clerk)).send({ kind: 'secondary', fullName: `Contact ${i}`, relationship: 'friend', phonePrimary: `+2782555010${i}` }).expect(201);
      }
      const sixth = await t.http().post(base).set(auth(clerk)).send({ kind: 'secondary', fullName: 'One Too Many', relationship: 'friend', phonePrimary: '+27825550199' });
      expect(sixth.status).toBe(409);
      expect(sixth.body.error).toBe('PATIENT_CONTACT_LIMIT');
      // A contact of another patient is not reachable through this one.
      const other = (await register(patientBody()).expect(201)).body;
      const contactId = list.body[0].id;
      await t.http().patch(`/api/v1/patients/${other.id}/contacts/${contactId}`).set(auth(clerk)).send({ relationship: 'none' }).expect(404);
      // Contact changes are in the patient's audit trail.
      const trail = await t.db.query("SELECT action FROM audit_log WHERE resource_type = 'patient' AND resource_id = ? ORDER BY seq", [p.id]);
      expect(trail.map((r: { action: string }) => r.action)).toEqual(expect.arrayContaining(['registerPatient', 'listPatientContacts', 'addPatientContact', 'updatePatientContact', 'removePatientContact']));
    });
  });

  describe('bad input', () => {
    let id: string;
    beforeAll(async () => {
      id = (await register(patientBody()).expect(201)).body.id;
    });

    const contact = { kind: 'emergency', fullName: 'A B', relationship: 'friend', phonePrimary: '+27825550100' };
    it.each([
      ['GET', '/api/v1/patients/not-a-uuid', 'id', undefined],
      ['PATCH', '/api/v1/patients/not-a-uuid', 'id', { version: 1 }],
      ['POST', '/api/v1/patients/not-a-uuid/deactivate', 'id', { reason: 'a good reason' }],
      ['POST', '/api/v1/patients/not-a-uuid/reactivate', 'id', undefined],
      ['GET', '/api/v1/patients/not-a-uuid/contacts', 'id', undefined],
      ['POST', '/api/v1/patients/not-a-uuid/contacts', 'id', contact],
      ['PATCH', '/api/v1/patients/00000000-0000-4000-8000-000000000000/contacts/nope', 'contactId', { relationship: 'friend' }],
      ['DELETE', '/api/v1/patients/00000000-0000-4000-8000-000000000000/contacts/nope', 'contactId', undefined],
    ])('%s %s is a 400 naming %s', async (method, path, field, body) => {
      const req = t.http()[method.toLowerCase() as 'get' | 'post' | 'patch' | 'delete'](path).set(auth(clerk));
      const res = body === undefined ? await req : await req.send(body);
      expect(res.status).toBe(400);
      expect(fields(res)).toContain(field);
    });

    it('refuses malformed registrations, naming every bad field', async () => {
      const empty = await register({});
      expect(fields(empty)).toEqual(['dateOfBirth', 'firstName', 'identityType', 'lastName', 'registeredClinicId', 'sex']);
      const bad = await register(
        patientBody({
          firstName: '',
          dateOfBirth: '2999-01-01',
          sex: 'robot',
          phoneMobile: '12',
          email: 'nope',
          address: { postalCode: 'ABCD' },
          preferredLanguage: 'klingon',
          medicalAid: { memberNumber: '!' },
          contacts: [{ kind: 'friend', phonePrimary: 'x' }],
          unknownField: 1,
        }),
      );
      expect(bad.status).toBe(400);
      expect(fields(bad)).toEqual(
        expect.arrayContaining([
          'firstName',
          'dateOfBirth',
          'sex',
          'phoneMobile',
          'email',
          'address.postalCode',
          'preferredLanguage',
          'medicalAid.scheme',
          'medicalAid.memberNumber',
          'contacts.0.kind',
          'contacts.0.fullName',
          'contacts.0.phonePrimary',
          'unknownField',
        ]),
      );
      const tooMany = await register(patientBody({ contacts: Array.from({ length: 6 }, (_, i) => ({ kind: 'secondary', fullName: `C ${i}`, relationship: 'friend', phonePrimary: '+27825550100' })) }));
      expect(fields(tooMany)).toEqual(['contacts']);
      const nullName = await register(patientBody({ lastName: null }));
      expect(fields(nullName)).toEqual(['lastName']);
      const stringy = await register(patientBody({ contacts: 'none', address: 'Pretoria', medicalAid: [] }));
      expect(fields(stringy)).toEqual(['address', 'contacts', 'medicalAid']);
    });

    it('answers odd JSON with a 400, never a 500', async () => {
      const odd: Record<string, unknown>[] = [
        { contacts: [null] },
        { contacts: [[]] },
        { contacts: [{ kind: 'emergency', fullName: 'A B', relationship: 'x y', phonePrimary: 27825550100 }] },
        { address: { provinceId: 'gauteng' } },
        { medicalAid: { scheme: 'Polmed', memberNumber: 11223344 } },
        { dateOfBirth: 19800101 },
        { dateOfBirth: '1899-12-31' },
        { identityNumber: 8001015009087 },
        { identityNumber: ['8001015009087'] },
        { identityType: 'sa_id', identityNumber: 'x'.repeat(10000) },
        { passportCountry: 42, identityType: 'passport', identityNumber: 'A1234567' },
        { firstName: { $gt: '' } },
        { sex: ['male'] },
        { email: 'a@b.c'.repeat(100) },
        { phoneMobile: '+'.repeat(40) },
        { registeredClinicId: 'GP-TSH-001' },
      ];
      for (const overrides of odd) {
        const res = await register(patientBody(overrides));
        expect({ overrides, status: res.status, error: res.body.error }).toEqual({ overrides, status: 400, error: 'VALIDATION_FAILED' });
      }
      for (const body of [[], 'text', null, { version: 1, address: [] }, { version: 1, medicalAid: 'none' }]) {
        const res = await t.http().patch(`/api/v1/patients/${id}`).set(auth(clerk)).send(body as object);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
      }
    });

    it('refuses malformed updates and changes nothing', async () => {
      const before = (await t.http().get(`/api/v1/patients/${id}`).set(auth(clerk)).expect(200)).body;
      const cases: [object, string][] = [
        [{ firstName: 'X' }, 'version'],
        [{ version: 0 }, 'version'],
        [{ version: 'one' }, 'version'],
        [{ version: 1, firstName: null }, 'firstName'],
        [{ version: 1, sex: null }, 'sex'],
        [{ version: 1, dateOfBirth: 'yesterday' }, 'dateOfBirth'],
        [{ version: 1, registeredClinicId: before.registeredClinicId }, 'registeredClinicId'],
        [{ version: 1, registeredBy: before.registeredBy }, 'registeredBy'],
        [{ version: 1, identityNumberBidx: 'x' }, 'identityNumberBidx'],
      ];
      for (const [body, field] of cases) {
        const res = await t.http().patch(`/api/v1/patients/${id}`).set(auth(clerk)).send(body);
        expect({ body, status: res.status }).toEqual({ body, status: 400 });
        expect(fields(res)).toContain(field);
      }
      expect((await t.http().get(`/api/v1/patients/${id}`).set(auth(clerk)).expect(200)).body).toEqual(before);
      const contacts = `/api/v1/patients/${id}/contacts`;
      expect(fields(await t.http().post(contacts).set(auth(clerk)).send({ kind: 'emergency', fullName: 'A B', relationship: 'friend', phonePrimary: '555' }))).toEqual(['phonePrimary']);
      const contact = (await t.http().post(contacts).set(auth(clerk)).send({ kind: 'emergency', fullName: 'A B', relationship: 'friend', phonePrimary: '+27825550100' }).expect(201)).body;
      expect(fields(await t.http().patch(`${contacts}/${contact.id}`).set(auth(clerk)).send({ fullName: null, kind: 'pet' }))).toEqual(['fullName', 'kind']);
      expect(fields(await t.http().post(`/api/v1/patients/${id}/deactivate`).set(auth(clerk)).send({ reason: 'x'.repeat(501) }))).toEqual(['reason']);
    });

    it('answers 404 for an unknown patient on every route', async () => {
      const unknown = '00000000-0000-4000-8000-000000000000';
      const responses = [
        await t.http().get(`/api/v1/patients/${unknown}`).set(auth(clerk)),
        await t.http().patch(`/api/v1/patients/${unknown}`).set(auth(clerk)).send({ version: 1, firstName: 'X' }),
        await t.http().post(`/api/v1/patients/${unknown}/deactivate`).set(auth(clerk)).send({ reason: 'gone away' }),
        await t.http().post(`/api/v1/patients/${unknown}/reactivate`).set(auth(clerk)),
        await t.http().get(`/api/v1/patients/${unknown}/contacts`).set(auth(clerk)),
        await t.http().post(`/api/v1/patients/${unknown}/contacts`).set(auth(clerk)).send({ kind: 'emergency', fullName: 'A B', relationship: 'friend', phonePrimary: '+27825550100' }),
      ];
      for (const res of responses) expect(res.body).toMatchObject({ statusCode: 404, error: 'NOT_FOUND', message: 'Patient not found' });
    });
  });

  describe('permissions', () => {
    it('lets only patients:write register and change patients; patients:read to read', async () => {
      const p = (await register(patientBody()).expect(201)).body;
      for (const role of ['social_worker', 'viewer']) {
        const token = await t.tokenFor(role);
        const res = await register(patientBody(), token);
        expect({ role, status: res.status, error: res.body.error }).toEqual({ role, status: 403, error: 'MISSING_PERMISSION' });
        await t.http().patch(`/api/v1/patients/${p.id}`).set(auth(token)).send({ version: 1, firstName: 'X' }).expect(403);
        await t.http().post(`/api/v1/patients/${p.id}/deactivate`).set(auth(token)).send({ reason: 'not allowed' }).expect(403);
        await t.http().post(`/api/v1/patients/${p.id}/contacts`).set(auth(token)).send({}).expect(403);
        await t.http().get(`/api/v1/patients/${p.id}`).set(auth(token)).expect(200);
        await t.http().get(`/api/v1/patients/${p.id}/contacts`).set(auth(token)).expect(200);
        await search('name=zulu', token).expect(200);
      }
      for (const role of ['finance', 'inventory_manager']) {
        const token = await t.tokenFor(role);
        await t.http().get(`/api/v1/patients/${p.id}`).set(auth(token)).expect(403);
        await search('name=zulu', token).expect(403);
      }
      for (const role of ['doctor', 'nurse']) await register(patientBody(), await t.tokenFor(role)).expect(201);
      await register(patientBody(), admin).expect(201);
      await t.http().get('/api/v1/patients').expect(401);
    });
  });

  // Last: it moves the data to a key the running app does not hold.
  describe('key rotation (npm run phi:rekey)', () => {
    it('re-encrypts every number under the active key, keeps the blind indexes, and is idempotent', async () => {
      const dev = t.config.phi;
      const rotated = new FieldCipher({
        encryptionKeys: new Map([...dev.encryptionKeys, ['2027a', randomBytes(32)]]),
        activeKeyId: '2027a',
        blindIndexKey: dev.blindIndexKey,
      });
      const before = (await t.db.query('SELECT id, identity_number_bidx, member_number_bidx, updated_at FROM patients ORDER BY id')) as {
        id: string; identity_number_bidx: Buffer | null; member_number_bidx: Buffer | null; updated_at: Date;
      }[];
      const withNumbers = (await t.db.query('SELECT COUNT(*) AS n FROM patients WHERE identity_number_enc IS NOT NULL OR member_number_enc IS NOT NULL'))[0].n;
      expect(await rekeyPatients(t.db, rotated)).toEqual({ scanned: Number(withNumbers), rekeyed: Number(withNumbers) });
      expect(await rekeyPatients(t.db, rotated)).toEqual({ scanned: 0, rekeyed: 0 });
      const after = (await t.db.query('SELECT id, identity_number_enc, member_number_enc, identity_number_bidx, member_number_bidx, updated_at FROM patients ORDER BY id')) as {
        id: string; identity_number_enc: Buffer | null; member_number_enc: Buffer | null; identity_number_bidx: Buffer | null; member_number_bidx: Buffer | null; updated_at: Date;
      }[];
      expect(after.map(({ id, identity_number_bidx, member_number_bidx, updated_at }) => ({ id, identity_number_bidx, member_number_bidx, updated_at }))).toEqual(before);
      const thabo = after.find((r) => r.id === '0b9d8a36-5f0e-4c8e-9a10-000000000001')!;
      expect(rotated.keyIdOf(thabo.identity_number_enc!)).toBe('2027a');
      expect(rotated.decrypt(thabo.identity_number_enc!, IDENTITY_NUMBER_PURPOSE)).toBe('8001015009087');
      expect(rotated.decrypt(thabo.member_number_enc!, MEMBER_NUMBER_PURPOSE)).toBe('11223344');
      for (const row of after) {
        for (const value of [row.identity_number_enc, row.member_number_enc]) if (value) expect(rotated.keyIdOf(value)).toBe('2027a');
      }
    });
  });
});
