export { childLogger, closeLogger, createLogger, getLogger, initLogger, LOG_FILE_NAME, type Logger, type LoggerOptions } from './logger';
export { isSecretKey, MASK, redact, redactText, registerSecret } from './redact';
