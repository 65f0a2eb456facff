/** The client contract against the lab's own vCenter simulator, over HTTPS with the lab CA. */
import { defineClientContract } from './client-contract';
import { startLabPeer } from './peers';

defineClientContract('lab simulator', () => startLabPeer());
