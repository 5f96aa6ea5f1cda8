import { randomUUID } from 'node:crypto';
import type { Response } from 'supertest';
import { demoEmail, startTestApp, TestApp } from '../support/test-app';

const ASSESSMENT = { vitalSigns: { systolicMmHg: 130, diastolicMmHg: 85, pulseBpm: 88 }, triagePriority: 'yellow' };
const CONSULTATION = { soapNote: { assessment: 'Tension headache' }, diagnoses: [{ code: 'R51', primary: true }], counselingRequired: false, counselingSkipReason: 'Not needed' };
const VITALS = { systolicMmHg: 122, diastolicMmHg: 78, pulseBpm: 70 };
const MAX_CONTACTS = 5;

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Races on the clinical record that a single writer never sees: the allergy status against a new
 * allergy, the contact limit, and additions to a visit while it is being closed or cancelled. Each
 * round fires the requests together and checks every response and the rows left in the database.
 */
describe('clinical races', () => {
  let t: TestApp;
  let clerk: string;
  let nurse: string;
  let doctor: string;
  let clinicId: string;
  let patientSeq = 0;

  const auth = (token: string) => ({ Authorization: `Bearer ${token}` });
  const post = (token: string, path: string, body: object) => t.http().post(`/api/v1${path}`).set(auth(token)).send(body);
  const put = (token: string, path: string, body: object) => t.http().put(`/api/v1${path}`).set(auth(token)).send(body);
  const outcome = (res: Response) => ({ status: res.status, error: res.body.error as string | undefined });

  const newPatient = async (contacts: object[] = []): Promise<string> => {
    patientSeq += 1;
    const res = await post(clerk, '/patients', {
      firstName: 'Concurrent',
      lastName: `Patient${patientSeq}`,
      dateOfBirth: `1985-04-${String((patientSeq % 28) + 1).padStart(2, '0')}`,
      sex: 'male',
      identityType: 'passport',
      identityNumber: `CLRACE${String(patientSeq).padStart(5, '0')}`,
      passportCountry: 'LS',
      registeredClinicId: clinicId,
      ...(contacts.length > 0 ? { contacts } : {}),
    }).expect(201);
    return res.body.id as string;
  };
  const contact = (i: number) => ({ kind: 'secondary', fullName: `Contact Number${i}`, relationship: 'cousin', phonePrimary: `+2782555${String(1000 + i)}` });

  beforeAll(async () => {
    t = await startTestApp({ DB_POOL_SIZE: '20' });
    [clerk, nurse, doctor] = await Promise.all(['clerk', 'nurse', 'doctor'].map((r) => t.tokenFor(r)));
    clinicId = (await t.db.query("SELECT id FROM clinics WHERE code = 'GP-TSH-001'"))[0].id;
  });
  afterAll(() => t.close());

  describe('allergy status against a new allergy', () => {
    it('never leaves no_known_allergies next to an active allergy', async () => {
      for (let round = 0; round < 10; round++) {
        const patientId = await newPatient();
        const [nka, allergy] = await Promise.all([
          put(doctor, `/patients/${patientId}/allergy-status`, { status: 'no_known_allergies' }),
          post(nurse, `/patients/${patientId}/allergies`, { substance: 'Sulfonamides', category: 'drug', severity: 'moderate' }),
        ]);
        // Recording an allergy is never refused by the status: it overrides a declaration.
        expect(outcome(allergy)).toEqual({ status: 201, error: undefined });
        if (nka.status === 200) {
          // The declaration committed first, against an empty list; the allergy then replaced it.
          expect(nka.body).toEqual({ patientId, allergyStatus: 'no_known_allergies', activeAllergyCount: 0 });
        } else {
          expect(outcome(nka)).toEqual({ status: 409, error: 'ALLERGIES_ACTIVE' });
          expect(nka.body.message).toBe('The patient has 1 active allergy; resolve or mark them entered in error first');
        }
        const [patient] = await t.db.query('SELECT allergy_status FROM patients WHERE id = ?', [patientId]);
        const allergies = await t.db.query('SELECT id, status FROM patient_allergies WHERE patient_id = ?', [patientId]);
        expect({ allergyStatus: patient.allergy_status, allergies }).toEqual({ allergyStatus: 'has_allergies', allergies: [{ id: allergy.body.id, status: 'active' }] });
        const summary = await t.http().get(`/api/v1/patients/${patientId}/summary`).set(auth(doctor)).expect(200);
        expect(summary.body.allergyStatus).toBe('has_allergies');
        expect(summary.body.activeAllergies.map((a: { substance: string }) => a.substance)).toEqual(['Sulfonamides']);
      }
    });
  });

  describe('the contact limit', () => {
    const countContacts = async (patientId: string) => Number((await t.db.query('SELECT COUNT(*) AS n FROM patient_contacts WHERE patient_id = ?', [patientId]))[0].n);

    it.each([
      { existing: 0, fired: 8 },
      { existing: 2, fired: 6 },
      { existing: 4, fired: 5 },
    ])('with $existing contacts already, $fired concurrent additions: exactly the remaining capacity succeed', async ({ existing, fired }) => {
      const patientId = await newPatient(Array.from({ length: existing }, (_, i) => contact(i)));
      expect(await countContacts(patientId)).toBe(existing);
      const capacity = MAX_CONTACTS - existing;
      const results = await Promise.all(Array.from({ length: fired }, (_, i) => post(clerk, `/patients/${patientId}/contacts`, contact(100 + i))));
      const created = results.filter((r) => r.status === 201);
      const refused = results.filter((r) => r.status !== 201);
      expect(created).toHaveLength(capacity);
      expect(refused.map(outcome)).toEqual(Array.from({ length: fired - capacity }, () => ({ status: 409, error: 'PATIENT_CONTACT_LIMIT' })));
      for (const r of refused) expect(r.body.message).toBe(`A patient can have at most ${MAX_CONTACTS} contacts`);
      expect(await countContacts(patientId)).toBe(MAX_CONTACTS);
      const ids = (await t.db.query('SELECT id FROM patient_contacts WHERE patient_id = ?', [patientId])).map((r: { id: string }) => r.id);
      for (const r of created) expect(ids).toContain(r.body.id);
      const listed = await t.http().get(`/api/v1/patients/${patientId}/contacts`).set(auth(clerk)).expect(200);
      expect(listed.body).toHaveLength(MAX_CONTACTS);
    });
  });

  describe('additions to a visit while it ends', () => {
    /** A registered and assessed visit; `toClosure` also records a consultation that skips counseling. */
    const newVisit = async (toClosure: boolean): Promise<{ id: string; patientId: string }> => {
      const patientId = await newPatient();
      const visit = await post(clerk, '/visits', { patientId, clinicId }).expect(201);
      await post(nurse, `/visits/${visit.body.id}/assessment`, ASSESSMENT).expect(201);
      if (toClosure) await post(doctor, `/visits/${visit.body.id}/consultation`, CONSULTATION).expect(201);
      return { id: visit.body.id as string, patientId };
    };
    /** The visit's vital signs and progress notes (the assessment's vitals and the SOAP note come before any race). */
    const additionsOf = async (visitId: string) => [
      ...((await t.db.query('SELECT id, recorded_at AS at FROM vital_signs WHERE visit_id = ?', [visitId])) as { id: string; at: Date }[]),
      ...((await t.db.query("SELECT id, created_at AS at FROM clinical_notes WHERE visit_id = ? AND kind = 'progress'", [visitId])) as { id: string; at: Date }[]),
    ];
    const visitRow = async (visitId: string) =>
      (await t.db.query('SELECT status, version, closed_at, cancelled_at FROM visits WHERE id = ?', [visitId]))[0] as {
        status: string;
        version: number;
        closed_at: Date | null;
        cancelled_at: Date | null;
      };

    const race = async (ending: 'closure' | 'cancel', rounds: number) => {
      for (let round = 0; round < rounds; round++) {
        const { id: visitId } = await newVisit(ending === 'closure');
        const before = new Set((await additionsOf(visitId)).map((r) => r.id));
        const startVersion = (await visitRow(visitId)).version;
        // The additions start a little before, with and after the ending, so that the interleavings vary.
        const offsets = [0, 1, 2, 4].map((o) => (o + round) % 5);
        const end = () =>
          ending === 'closure'
            ? post(doctor, `/visits/${visitId}/closure`, { outcome: 'improved', disposition: 'discharged_home' })
            : post(clerk, `/visits/${visitId}/cancel`, { reason: 'Patient went home' });
        const [endRes, ...adds] = await Promise.all([
          sleep(2).then(end),
          ...offsets.map((ms, i) =>
            sleep(ms).then(() =>
              i % 2 === 0
                ? post(nurse, `/visits/${visitId}/vital-signs`, VITALS)
                : post(doctor, `/visits/${visitId}/clinical-notes`, { kind: 'progress', body: `Reviewed, round ${round} note ${i}` }),
            ),
          ),
        ]);

        // Additions do not move the visit, so the ending always succeeds, moving the version by exactly one.
        expect(outcome(endRes)).toEqual({ status: ending === 'closure' ? 201 : 200, error: undefined });
        const after = await visitRow(visitId);
        const endedStatus = ending === 'closure' ? 'completed' : 'cancelled';
        expect({ status: after.status, version: after.version }).toEqual({ status: endedStatus, version: startVersion + 1 });

        const accepted = adds.filter((r) => r.status === 201);
        const refused = adds.filter((r) => r.status !== 201);
        expect(refused.map(outcome)).toEqual(refused.map(() => ({ status: 409, error: 'VISIT_NOT_OPEN' })));
        for (const r of refused) expect(r.body.message).toBe(`This visit is ${endedStatus}; nothing more can be added to it`);

        // Exactly the accepted additions are stored: nothing refused slipped in, nothing accepted was lost.
        const fresh = (await additionsOf(visitId)).filter((r) => !before.has(r.id));
        expect(fresh.map((r) => r.id).sort()).toEqual(accepted.map((r) => r.body.id as string).sort());

        if (ending === 'closure') {
          // The closure's stage record is inserted after the visit row was claimed, i.e. after every addition
          // holding the visit's share lock had committed: each accepted addition is dated no later.
          const [closure] = await t.db.query("SELECT created_at FROM visit_stage_records WHERE visit_id = ? AND stage = 'closure'", [visitId]);
          const late = fresh.filter((r) => r.at.getTime() > (closure.created_at as Date).getTime());
          expect(late.map((r) => ({ id: r.id, at: r.at.toISOString(), closureRecordedAt: (closure.created_at as Date).toISOString() }))).toEqual([]);
        }
        // And once ended, the visit stays closed to additions.
        const again = await post(nurse, `/visits/${visitId}/vital-signs`, VITALS);
        expect(outcome(again)).toEqual({ status: 409, error: 'VISIT_NOT_OPEN' });
        expect((await additionsOf(visitId)).filter((r) => !before.has(r.id))).toHaveLength(accepted.length);
      }
    };

    it('vital signs and notes racing a cancellation: the accepted ones are stored, the rest get VISIT_NOT_OPEN', async () => {
      await race('cancel', 12);
    });

    it('vital signs and notes racing a closure: the accepted ones are stored and dated before it, the rest get VISIT_NOT_OPEN', async () => {
      await race('closure', 12);
    });

    /**
     * The same interleaving made deterministic: an addition holds the visit's share lock (as
     * VisitAccess.requireOpen takes it) while a cancellation arrives, and writes its note only later.
     */
    describe('when an addition holds the visit while it is cancelled', () => {
      const times: { noteAt?: Date; cancelledAt?: Date } = {};

      it('the cancellation waits for the addition to commit, and the addition is kept', async () => {
        const { id: visitId, patientId } = await newVisit(false);
        const [author] = await t.db.query('SELECT id FROM users WHERE email = ?', [demoEmail('nurse')]);
        const addition = t.db.createQueryRunner();
        await addition.connect();
        let settled = false;
        try {
          await addition.startTransaction('READ COMMITTED');
          expect(await addition.query('SELECT status FROM visits WHERE id = ? LOCK IN SHARE MODE', [visitId])).toEqual([{ status: 'in_progress' }]);
          const cancelling = post(clerk, `/visits/${visitId}/cancel`, { reason: 'Patient went home' }).then((r) => {
            settled = true;
            return r;
          });
          let blocked = false;
          for (let i = 0; i < 300 && !blocked; i++) {
            const [waiting] = await t.db.query("SELECT COUNT(*) AS n FROM information_schema.PROCESSLIST WHERE DB = DATABASE() AND (INFO LIKE 'UPDATE `visits`%' OR INFO LIKE 'SELECT id FROM visits WHERE id = % FOR UPDATE')");
            blocked = Number(waiting.n) > 0;
            if (!blocked) await sleep(10);
          }
          expect(blocked).toBe(true);
          await sleep(150);
          const noteId = randomUUID();
          await addition.query("INSERT INTO clinical_notes (id, patient_id, visit_id, kind, body, author_id) VALUES (?, ?, ?, 'progress', 'Seen again before leaving', ?)", [
            noteId,
            patientId,
            visitId,
            author.id,
          ]);
          expect(settled).toBe(false);
          await addition.commitTransaction();
          expect(outcome(await cancelling)).toEqual({ status: 200, error: undefined });
          const visit = await visitRow(visitId);
          expect(visit.status).toBe('cancelled');
          const [note] = await t.db.query('SELECT created_at FROM clinical_notes WHERE id = ?', [noteId]);
          times.noteAt = note.created_at;
          times.cancelledAt = visit.cancelled_at!;
        } finally {
          if (addition.isTransactionActive) await addition.rollbackTransaction();
          await addition.release();
        }
      });

      // The stage change takes the visit row before reading the clock, so its time is after every addition
      // that held the row; otherwise the timeline would list such a note after "Visit cancelled".
      it('dates the cancellation no earlier than the addition that committed before it', () => {
        expect(times.cancelledAt!.getTime()).toBeGreaterThanOrEqual(times.noteAt!.getTime());
      });
    });
  });
});
