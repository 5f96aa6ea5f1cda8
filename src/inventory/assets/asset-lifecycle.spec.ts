import {
  checkEditable,
  checkPerformedOn,
  checkRetirementDate,
  checkStatusChange,
  nextAssetStatuses,
  nextDueAfter,
  warrantyExpiringWithin,
} from './asset-lifecycle';

describe('asset lifecycle', () => {
  it('moves between in service and under maintenance', () => {
    expect(checkStatusChange('in_service', 'under_maintenance')).toEqual({ ok: true });
    expect(checkStatusChange('under_maintenance', 'in_service')).toEqual({ ok: true });
  });

  it('refuses a change to the status it already has', () => {
    expect(checkStatusChange('in_service', 'in_service')).toMatchObject({ ok: false, code: 'ASSET_STATUS' });
    expect(checkStatusChange('under_maintenance', 'under_maintenance')).toMatchObject({ ok: false, code: 'ASSET_STATUS' });
  });

  it('treats retirement as final', () => {
    expect(checkStatusChange('retired', 'in_service')).toMatchObject({ ok: false, code: 'ASSET_RETIRED' });
    expect(checkStatusChange('retired', 'under_maintenance')).toMatchObject({ ok: false, code: 'ASSET_RETIRED' });
    expect(checkEditable('retired')).toMatchObject({ ok: false, code: 'ASSET_RETIRED' });
    expect(checkEditable('under_maintenance')).toEqual({ ok: true });
    expect(nextAssetStatuses('retired')).toEqual([]);
    expect(nextAssetStatuses('in_service')).toEqual(['under_maintenance', 'retired']);
  });

  it('retires on a past day not before the purchase', () => {
    expect(checkRetirementDate('2026-03-01', '2026-03-01', '2020-01-01')).toEqual({ ok: true });
    expect(checkRetirementDate('2026-03-02', '2026-03-01', null)).toMatchObject({ ok: false, field: 'retiredOn' });
    expect(checkRetirementDate('2019-12-31', '2026-03-01', '2020-01-01')).toMatchObject({ ok: false, field: 'retiredOn' });
    expect(checkRetirementDate('2020-01-01', '2026-03-01', '2020-01-01')).toEqual({ ok: true });
  });

  it('records maintenance only on a day that has happened', () => {
    expect(checkPerformedOn('2026-03-01', '2026-03-01')).toBeNull();
    expect(checkPerformedOn('2026-03-02', '2026-03-01')).toMatch(/future/);
  });

  it('sets the next due date an interval after the maintenance, across month and leap-year ends', () => {
    expect(nextDueAfter('2026-01-31', 30)).toBe('2026-03-02');
    expect(nextDueAfter('2028-02-28', 1)).toBe('2028-02-29');
    expect(nextDueAfter('2026-12-15', 365)).toBe('2027-12-15');
  });

  it('finds warranties ending within a window', () => {
    expect(warrantyExpiringWithin('2026-03-31', '2026-03-01', 30)).toBe(true);
    expect(warrantyExpiringWithin('2026-04-01', '2026-03-01', 30)).toBe(false);
    expect(warrantyExpiringWithin('2026-02-28', '2026-03-01', 30)).toBe(false);
    expect(warrantyExpiringWithin(null, '2026-03-01', 30)).toBe(false);
  });
});
