import { randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import { Repository } from 'typeorm';
import type { AuthUser, JurisdictionScope } from '../common/auth/auth-user';
import { scopeCondition, scopeCovers } from '../common/auth/jurisdiction';
import { ConflictError, ForbiddenError, NotFoundError, ValidationFailedError } from '../common/errors/domain-errors';
import { isDuplicateKeyError } from '../common/database/mysql-errors';
import { Page, pageOf } from '../common/pagination/pagination';
import { ClinicEntity, DistrictEntity, ProvinceEntity } from './facility.entity';
import {
  ClinicDto,
  ClinicQueryDto,
  CreateClinicDto,
  CreateDistrictDto,
  DistrictDto,
  DistrictQueryDto,
  ProvinceDto,
  toClinicDto,
  toDistrictDto,
  toProvinceDto,
} from './facility.dto';

const CLINIC_SCOPE_COLUMNS = { province: 'c.province_id', district: 'c.district_id', clinic: 'c.id' };

/** Provinces, districts and clinics: the places jurisdictions refer to. Exported for other contexts. */
@Injectable()
export class FacilitiesService {
  constructor(
    @InjectRepository(ProvinceEntity) private readonly provinces: Repository<ProvinceEntity>,
    @InjectRepository(DistrictEntity) private readonly districts: Repository<DistrictEntity>,
    @InjectRepository(ClinicEntity) private readonly clinics: Repository<ClinicEntity>,
  ) {}

  async listProvinces(): Promise<ProvinceDto[]> {
    return (await this.provinces.find({ order: { name: 'ASC' } })).map(toProvinceDto);
  }

  async listDistricts(query: DistrictQueryDto): Promise<Page<DistrictDto>> {
    const qb = this.districts.createQueryBuilder('d');
    if (query.provinceId) qb.where('d.province_id = :provinceId', { provinceId: query.provinceId });
    const [rows, total] = await qb.orderBy('d.name', 'ASC').skip(query.offset).take(query.perPage).getManyAndCount();
    return pageOf(rows.map(toDistrictDto), total, query);
  }

  async createDistrict(caller: AuthUser, dto: CreateDistrictDto): Promise<DistrictDto> {
    if (!(await this.provinces.existsBy({ id: dto.provinceId }))) {
      throw new ValidationFailedError([{ field: 'provinceId', message: 'provinceId does not name a province' }]);
    }
    // Only national and provincial staff plan districts, and only in their own province.
    const { level, provinceId } = caller.scope;
    if (level !== 'national' && !(level === 'province' && provinceId === dto.provinceId)) {
      throw new ForbiddenError('JURISDICTION_OUTSIDE_SCOPE', 'You can only add districts to your own province');
    }
    const district = { id: randomUUID(), provinceId: dto.provinceId, name: dto.name };
    try {
      await this.districts.insert(district);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictError('DISTRICT_EXISTS', 'The province already has a district with this name');
      throw error;
    }
    return toDistrictDto(district as DistrictEntity);
  }

  async listClinics(caller: AuthUser, query: ClinicQueryDto): Promise<Page<ClinicDto>> {
    const cond = scopeCondition(caller.scope, CLINIC_SCOPE_COLUMNS);
    const qb = this.clinics.createQueryBuilder('c').where(cond.sql, cond.params);
    if (query.provinceId) qb.andWhere('c.province_id = :provinceId', { provinceId: query.provinceId });
    if (query.districtId) qb.andWhere('c.district_id = :districtId', { districtId: query.districtId });
    if (query.kind) qb.andWhere('c.kind = :kind', { kind: query.kind });
    const [rows, total] = await qb.orderBy('c.name', 'ASC').skip(query.offset).take(query.perPage).getManyAndCount();
    return pageOf(rows.map(toClinicDto), total, query);
  }

  async getClinic(caller: AuthUser, id: string): Promise<ClinicDto> {
    const cond = scopeCondition(caller.scope, CLINIC_SCOPE_COLUMNS);
    const clinic = await this.clinics.createQueryBuilder('c').where('c.id = :id', { id }).andWhere(cond.sql, cond.params).getOne();
    if (!clinic) throw new NotFoundError('Clinic');
    return toClinicDto(clinic);
  }

  async createClinic(caller: AuthUser, dto: CreateClinicDto): Promise<ClinicDto> {
    const district = await this.districts.findOneBy({ id: dto.districtId });
    // A district outside your jurisdiction answers exactly like one that does not exist.
    const visible =
      district !== null && caller.scope.level !== 'clinic' && scopeCovers(caller.scope, { provinceId: district.provinceId, districtId: district.id, clinicId: null });
    if (!district || !visible) throw new ValidationFailedError([{ field: 'districtId', message: 'districtId does not name a district' }]);
    const clinic: Partial<ClinicEntity> = {
      id: randomUUID(),
      code: dto.code,
      name: dto.name,
      kind: dto.kind,
      districtId: district.id,
      provinceId: district.provinceId,
      address: dto.address ?? null,
      latitude: dto.latitude === undefined ? null : String(dto.latitude),
      longitude: dto.longitude === undefined ? null : String(dto.longitude),
    };
    try {
      await this.clinics.insert(clinic);
    } catch (error) {
      if (isDuplicateKeyError(error)) throw new ConflictError('CLINIC_CODE_EXISTS', 'A clinic with this code already exists');
      throw error;
    }
    return toClinicDto(clinic as ClinicEntity);
  }

  /**
   * Completes a jurisdiction from its most specific place (a clinic implies its district and
   * province), checking each id exists. Field errors name the offending field.
   */
  async resolveScope(input: { level: JurisdictionScope['level']; provinceId?: string; districtId?: string; clinicId?: string }, field = 'jurisdiction'): Promise<JurisdictionScope> {
    switch (input.level) {
      case 'national':
        return { level: 'national', provinceId: null, districtId: null, clinicId: null };
      case 'province': {
        if (!(await this.provinces.existsBy({ id: input.provinceId! }))) throw unknownPlace(`${field}.provinceId`, 'province');
        return { level: 'province', provinceId: input.provinceId!, districtId: null, clinicId: null };
      }
      case 'district': {
        const d = await this.districts.findOneBy({ id: input.districtId! });
        if (!d) throw unknownPlace(`${field}.districtId`, 'district');
        return { level: 'district', provinceId: d.provinceId, districtId: d.id, clinicId: null };
      }
      case 'clinic': {
        const c = await this.clinics.findOneBy({ id: input.clinicId! });
        if (!c) throw unknownPlace(`${field}.clinicId`, 'clinic');
        return { level: 'clinic', provinceId: c.provinceId, districtId: c.districtId, clinicId: c.id };
      }
    }
  }
}

function unknownPlace(field: string, kind: string): ValidationFailedError {
  return new ValidationFailedError([{ field, message: `${field} does not name a ${kind}` }]);
}
