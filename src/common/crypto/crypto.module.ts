import { Module } from '@nestjs/common';
import { APP_CONFIG, AppConfig } from '../../config/app-config';
import { FieldCipher } from './field-cipher';

/** Field encryption of PHI with the configured keys. Import it in a context that stores PHI. */
@Module({
  providers: [{ provide: FieldCipher, inject: [APP_CONFIG], useFactory: (config: AppConfig) => new FieldCipher(config.phi) }],
  exports: [FieldCipher],
})
export class CryptoModule {}
