/**
 * Unit-test environment: an in-memory IndexedDB for Dexie, and the English messages
 * behind `browser.i18n.getMessage` (a test file may `speak` another catalogue).
 */
import 'fake-indexeddb/auto';
import english from '../public/_locales/en/messages.json';
import { speak } from './unit-messages';

speak(english);
