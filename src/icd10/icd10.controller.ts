import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBadRequestResponse, ApiNotFoundResponse, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditResource } from '../common/audit/audit.decorators';
import { AnyAuthenticatedUser } from '../common/auth/auth.decorators';
import { ErrorResponseDto } from '../common/errors/error-response.dto';
import { ApiPageResponse, Page } from '../common/pagination/pagination';
import { Icd10CodeDto, Icd10QueryDto } from './icd10.dto';
import { Icd10Service } from './icd10.service';

@ApiTags('ICD-10')
@AuditResource('icd10_code')
@Controller('icd10')
export class Icd10Controller {
  constructor(private readonly icd10: Icd10Service) {}

  @Get()
  @AnyAuthenticatedUser()
  @ApiOperation({ summary: 'Search ICD-10 diagnosis codes by code prefix or by words of the description' })
  @ApiPageResponse(Icd10CodeDto)
  @ApiBadRequestResponse({ description: 'Invalid query, filter or paging', type: ErrorResponseDto })
  searchIcd10Codes(@Query() query: Icd10QueryDto): Promise<Page<Icd10CodeDto>> {
    return this.icd10.searchCodes(query);
  }

  @Get(':code')
  @AnyAuthenticatedUser()
  @ApiOperation({ summary: 'One ICD-10 code' })
  @ApiParam({ name: 'code', example: 'E11.9', description: 'Case-insensitive, dot optional (e119)' })
  @ApiOkResponse({ type: Icd10CodeDto })
  @ApiBadRequestResponse({ description: 'Not shaped like an ICD-10 code', type: ErrorResponseDto })
  @ApiNotFoundResponse({ description: 'No such code', type: ErrorResponseDto })
  getIcd10Code(@Param('code') code: string): Promise<Icd10CodeDto> {
    return this.icd10.getCode(code);
  }
}
