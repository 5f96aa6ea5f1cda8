import { alertMessage, expiryWindow, jobLockName, jobPeriod, recipientsFor, safeErrorMessage } from './alert-rules';

describe('alert rules', () => {
  it("takes the period from the clinics' calendar, not UTC's", () => {
    // 02:00 SAST on 5 December is 00:00 UTC on 5 December; 01:00 SAST is still 4 December in UTC.
    expect(jobPeriod(new Date('2026-12-05T00:00:00Z'))).toBe('2026-12-05');
    expect(jobPeriod(new Date('2026-12-04T23:00:00Z'))).toBe('2026-12-05');
    expect(jobPeriod(new Date('2026-12-04T21:59:59Z'))).toBe('2026-12-04');
    expect(jobPeriod(new Date('2026-12-31T22:30:00Z'))).toBe('2027-01-01');
  });

  it('puts a usable batch in the narrowest 30/60/90-day band; expired or later batches in none', () => {
    const today = '2026-12-05';
    expect(expiryWindow('2026-12-05', today)).toBeNull(); // on its expiry date it is expired
    expect(expiryWindow('2026-12-01', today)).toBeNull();
    expect(expiryWindow('2026-12-06', today)).toBe(30);
    expect(expiryWindow('2027-01-04', today)).toBe(30); // 30 days
    expect(expiryWindow('2027-01-05', today)).toBe(60);
    expect(expiryWindow('2027-02-03', today)).toBe(60); // 60 days
    expect(expiryWindow('2027-02-04', today)).toBe(90);
    expect(expiryWindow('2027-03-05', today)).toBe(90); // 90 days
    expect(expiryWindow('2027-03-06', today)).toBeNull();
  });

  it('names the lock per database, within the 64 characters GET_LOCK allows', () => {
    expect(jobLockName('clinic', 'stock-alerts')).toBe('clinic:job:stock-alerts');
    const long = jobLockName('d'.repeat(64), 'stock-alerts');
    expect(long.length).toBeLessThanOrEqual(64);
    expect(long).not.toBe(jobLockName('e'.repeat(64), 'stock-alerts'));
  });

  it('mails the inventory managers whose jurisdiction covers the clinic', () => {
    const place = { clinicId: 'c1', districtId: 'd1', provinceId: 'p1' };
    const managers = [
      { email: 'national@x', scope: { level: 'national' as const, provinceId: null, districtId: null, clinicId: null } },
      { email: 'province@x', scope: { level: 'province' as const, provinceId: 'p1', districtId: null, clinicId: null } },
      { email: 'other-province@x', scope: { level: 'province' as const, provinceId: 'p2', districtId: null, clinicId: null } },
      { email: 'district@x', scope: { level: 'district' as const, provinceId: 'p1', districtId: 'd1', clinicId: null } },
      { email: 'clinic@x', scope: { level: 'clinic' as const, provinceId: 'p1', districtId: 'd1', clinicId: 'c1' } },
      { email: 'other-clinic@x', scope: { level: 'clinic' as const, provinceId: 'p1', districtId: 'd1', clinicId: 'c2' } },
    ];
    expect(recipientsFor(managers, place).map((m) => m.email)).toEqual(['national@x', 'province@x', 'district@x', 'clinic@x']);
  });

  it('writes stock facts into the e-mail and nothing else', () => {
    const base = {
      windowDays: null,
      quantity: null,
      threshold: null,
      dueDate: null,
      itemName: null,
      itemCode: null,
      unit: null,
      lotNumber: null,
      expiryDate: null,
      locationName: 'Main store',
      locationCode: 'GP-1-STORE',
      assetTag: null,
      assetName: null,
      task: null,
    };
    const expiring = alertMessage(
      { ...base, kind: 'expiring', windowDays: 30, quantity: 40, itemName: 'Amoxicillin 500 mg', itemCode: 'AMOX', unit: 'capsule', lotNumber: 'L1', expiryDate: '2027-01-01' },
      'https://portal.example/',
    );
    expect(expiring.subject).toBe('[Stock alert] Stock expiring within 30 days: Amoxicillin 500 mg [AMOX] lot L1 at Main store (GP-1-STORE)');
    expect(expiring.text).toContain('Expiry date: 2027-01-01');
    expect(expiring.text).toContain('Quantity on hand: 40 capsule');
    expect(expiring.text).toContain('https://portal.example/inventory/alerts');
    const low = alertMessage({ ...base, kind: 'low_stock', quantity: 3, threshold: 50, itemName: 'Gloves', itemCode: 'G', unit: 'box' }, 'http://x');
    expect(low.text).toContain('Usable on hand: 3 box');
    expect(low.text).toContain('Reorder level: 50 box');
    const due = alertMessage({ ...base, kind: 'maintenance_due', assetName: 'ECG', assetTag: 'A-1', task: 'Calibrate', dueDate: '2026-12-10' }, 'http://x');
    expect(due.subject).toBe('[Stock alert] Maintenance due: ECG (A-1): Calibrate');
  });

  it('keeps error messages to one short line', () => {
    expect(safeErrorMessage(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:25\n    at stack'), { code: 'ECONNREFUSED' }))).toBe(
      'ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:25',
    );
    expect(safeErrorMessage(new Error('x'.repeat(2000)))).toHaveLength(1000);
  });
});
