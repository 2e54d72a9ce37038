/**
 * Exact sums of Shopify's decimal strings ("19.99"): added as scaled
 * integers, so a thousand order totals do not drift by floating-point error.
 */

const DIGITS = 9;
const SCALE = 10n ** BigInt(DIGITS);

export interface Decimal {
  /** The value times 10^9. */
  scaled: bigint;
  text(): string;
}

function decimal(scaled: bigint): Decimal {
  return {
    scaled,
    text() {
      const negative = scaled < 0n;
      const abs = negative ? -scaled : scaled;
      const fraction = (abs % SCALE).toString().padStart(DIGITS, '0').replace(/0+$/, '');
      return `${negative ? '-' : ''}${abs / SCALE}${fraction ? `.${fraction}` : ''}`;
    },
  };
}

export const ZERO = decimal(0n);

/** A number, or a string holding one; undefined for anything else (null, "", "abc", objects). */
export function decimalValue(raw: unknown): Decimal | undefined {
  let text: string;
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return undefined;
    text = Number.isInteger(raw) ? BigInt(raw).toString() : raw.toFixed(DIGITS);
  } else if (typeof raw === 'string') text = raw.trim();
  else return undefined;
  const m = /^([-+]?)(\d+)(?:\.(\d*))?$/.exec(text) ?? /^([-+]?)()\.(\d+)$/.exec(text);
  if (!m) return undefined;
  const whole = BigInt(m[2] || '0');
  const fraction = BigInt((m[3] ?? '').padEnd(DIGITS, '0').slice(0, DIGITS) || '0');
  const scaled = whole * SCALE + fraction;
  return decimal(m[1] === '-' ? -scaled : scaled);
}

export function addDecimal(a: Decimal, b: Decimal): Decimal {
  return decimal(a.scaled + b.scaled);
}
