import { type ArgumentsHost, Catch, type ExceptionFilter, Logger } from '@nestjs/common';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { toProblem } from './problem';

/** Every error leaves as application/problem+json; only 5xx are logged with their stack. */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problem');

  catch(error: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<FastifyRequest>();
    const response = http.getResponse<FastifyReply>();
    const problem = toProblem(error, request.originalUrl);
    if (problem.status >= 500)
      this.logger.error({
        correlationId: request.id,
        err: error instanceof Error ? error : new Error(String(error)),
      });
    if (response.sent) return;
    // RFC 9110: a 401 names the scheme that would authenticate the request.
    if (problem.status === 401) void response.header('WWW-Authenticate', 'Bearer realm="warranty"');
    response.status(problem.status).type('application/problem+json').send(JSON.stringify(problem));
  }
}
