import { storageConformance } from '../testing/conformance';
import { MemoryStorage } from './memory';

storageConformance('memory', async () => new MemoryStorage());
