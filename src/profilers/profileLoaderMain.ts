// dist/profileLoader.js: the child process the extension reads profile files in (profileLoaderChild.ts).
import { serveProfileLoad } from './profileLoaderChild';

serveProfileLoad();
