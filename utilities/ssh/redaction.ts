import { MASK, redactText, registerSecret } from '../../lib/log';

/**
 * Secrets this module handles (the cluster token on the virtctl command line, guest passwords)
 * are registered with the suite logger's redaction, and every line this module logs is also
 * masked here, so the guarantee holds even when a caller passes a logger that is not lib/log's.
 */
export class SecretMask {
  private readonly values = new Set<string>();

  add(value: string | undefined): void {
    if (value === undefined || value === '') return;
    registerSecret(value);
    this.values.add(value);
  }

  apply(text: string): string {
    let out = text;
    for (const value of [...this.values].sort((a, b) => b.length - a.length)) out = out.split(value).join(MASK);
    return redactText(out);
  }
}
