import { DEFAULT_TIERS } from '../utils/contract';
import { benchHandle } from './timeline';

/** The Facebook profile id of bench member `index`. */
export function benchFacebookId(index: number): string {
  return String(10_000_000_000 + index);
}

/**
 * CSV of `count` members for the benchmark: X handle `bench_u<i>` and Facebook id
 * `10000000000+i`, tiers spread over the default ladder.
 */
export function benchMembersCsv(count: number): string {
  const lines = ['loyaltyNumber,name,tier,xHandle,facebookId,homeAirport,preferredChannel,language'];
  const airports = ['ARN', 'CPH', 'OSL', 'HEL', 'LHR', 'JFK'];
  for (let i = 0; i < count; i++) {
    const tier = DEFAULT_TIERS[i % DEFAULT_TIERS.length]!.id;
    lines.push(
      `JW${String(i).padStart(9, '0')},Bench Member ${i},${tier},${benchHandle(i)},${benchFacebookId(i)},${airports[i % airports.length]},x_dm,en`,
    );
  }
  return lines.join('\n') + '\n';
}
