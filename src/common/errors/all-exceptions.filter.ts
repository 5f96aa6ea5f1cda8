import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import type { FastifyReply } from 'fastify';
import type { AppRequest } from '../http/app-request';
import { ErrorResponder } from './error-responder.service';

/** The one exception filter: every error a Nest route raises, and unknown routes, end here. */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  constructor(private readonly responder: ErrorResponder) {}

  async catch(exception: unknown, host: ArgumentsHost): Promise<void> {
    const http = host.switchToHttp();
    await this.responder.respond(exception, http.getRequest<AppRequest>(), http.getResponse<FastifyReply>());
  }
}
