import { Module } from '@nestjs/common';
import { JwtModule } from '@nestjs/jwt';
import { PassportModule } from '@nestjs/passport';
import { TypeOrmModule } from '@nestjs/typeorm';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { AuthController } from './auth.controller';
import { AuthService } from './auth.service';
import { FacilitiesController } from './facilities.controller';
import { FacilitiesService } from './facilities.service';
import { ClinicEntity, DistrictEntity, ProvinceEntity } from './facility.entity';
import { JWT_ALGORITHM, jwtKey, JwtStrategy } from './jwt.strategy';
import { PasswordHasher } from './password-hasher';
import { PrincipalRepository } from './principal.repository';
import { PermissionEntity, RoleEntity, RolePermissionEntity } from './role.entity';
import { RolesController } from './roles.controller';
import { RolesService } from './roles.service';
import { PasswordResetTokenEntity, RefreshTokenEntity, SessionEntity } from './session.entity';
import { SessionRepository } from './session.repository';
import { UserEntity } from './user.entity';
import { UserRepository } from './user.repository';
import { UsersController } from './users.controller';
import { UsersService } from './users.service';

@Module({
  imports: [
    PassportModule,
    JwtModule.registerAsync({
      inject: [APP_CONFIG],
      useFactory: (config: AppConfig) => ({
        secret: jwtKey(config),
        signOptions: {
          algorithm: JWT_ALGORITHM,
          expiresIn: config.auth.accessTtlSeconds,
          issuer: config.auth.issuer,
          audience: config.auth.audience,
        },
        verifyOptions: { algorithms: [JWT_ALGORITHM], issuer: config.auth.issuer, audience: config.auth.audience },
      }),
    }),
    TypeOrmModule.forFeature([
      UserEntity,
      RoleEntity,
      PermissionEntity,
      RolePermissionEntity,
      SessionEntity,
      RefreshTokenEntity,
      PasswordResetTokenEntity,
      ProvinceEntity,
      DistrictEntity,
      ClinicEntity,
    ]),
  ],
  controllers: [AuthController, UsersController, RolesController, FacilitiesController],
  providers: [
    AuthService,
    UsersService,
    RolesService,
    FacilitiesService,
    UserRepository,
    SessionRepository,
    PrincipalRepository,
    PasswordHasher,
    JwtStrategy,
  ],
  // Other contexts resolve clinics and jurisdictions through FacilitiesService only.
  exports: [FacilitiesService],
})
export class IdentityModule {}
