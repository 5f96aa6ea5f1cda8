import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class FieldErrorDto {
  @ApiProperty({ example: 'email' })
  field: string;

  @ApiProperty({ example: 'email must be an email' })
  message: string;
}

/** The one error body of the API. */
export class ErrorResponseDto {
  @ApiProperty({ example: 400 })
  statusCode: number;

  @ApiProperty({ description: 'Stable machine-readable code', example: 'VALIDATION_FAILED' })
  error: string;

  @ApiProperty({ example: 'The request has invalid fields' })
  message: string;

  @ApiPropertyOptional({ type: [FieldErrorDto] })
  details?: FieldErrorDto[];

  @ApiPropertyOptional({
    format: 'uuid',
    description: 'Only on a 409 for a duplicate (PATIENT_DUPLICATE_ID): the id of the record that already exists',
  })
  existingId?: string;

  @ApiProperty({ example: '6f1c2b0e-3f1e-4a51-9a55-3b8f0f7d8e21' })
  requestId: string;
}
