import type { JurisdictionScope } from '../common/auth/auth-user';
import { scopeContains } from './jurisdiction-rules';

const national: JurisdictionScope = { level: 'national', provinceId: null, districtId: null, clinicId: null };
const gauteng: JurisdictionScope = { level: 'province', provinceId: 'GP', districtId: null, clinicId: null };
const westernCape: JurisdictionScope = { level: 'province', provinceId: 'WC', districtId: null, clinicId: null };
const tshwane: JurisdictionScope = { level: 'district', provinceId: 'GP', districtId: 'TSH', clinicId: null };
const tshwaneClinic: JurisdictionScope = { level: 'clinic', provinceId: 'GP', districtId: 'TSH', clinicId: 'C1' };
const otherClinic: JurisdictionScope = { level: 'clinic', provinceId: 'GP', districtId: 'TSH', clinicId: 'C2' };

describe('scopeContains', () => {
  it('lets a national administrator grant any scope', () => {
    for (const target of [national, gauteng, tshwane, tshwaneClinic]) expect(scopeContains(national, target)).toBe(true);
  });

  it('keeps a provincial administrator inside their province and below national', () => {
    expect(scopeContains(gauteng, tshwane)).toBe(true);
    expect(scopeContains(gauteng, tshwaneClinic)).toBe(true);
    expect(scopeContains(gauteng, gauteng)).toBe(true);
    expect(scopeContains(gauteng, westernCape)).toBe(false);
    expect(scopeContains(gauteng, national)).toBe(false);
  });

  it('keeps a clinic administrator to their own clinic', () => {
    expect(scopeContains(tshwaneClinic, tshwaneClinic)).toBe(true);
    expect(scopeContains(tshwaneClinic, otherClinic)).toBe(false);
    expect(scopeContains(tshwaneClinic, tshwane)).toBe(false);
  });
});
