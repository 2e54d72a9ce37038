/** A small inline illustration for empty states: trigger → condition → action. No network fetch needed. */
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="226" height="120" viewBox="0 0 226 120">
<rect x="6" y="40" width="52" height="40" rx="10" fill="#e3f1df" stroke="#007f5f" stroke-width="2"/>
<circle cx="32" cy="60" r="8" fill="#007f5f"/>
<path d="M62 60h30" stroke="#8a8a8a" stroke-width="2" stroke-dasharray="4 3"/>
<path d="M113 36l24 24-24 24-24-24z" fill="#fff5ea" stroke="#b98900" stroke-width="2"/>
<path d="M140 60h30" stroke="#8a8a8a" stroke-width="2" stroke-dasharray="4 3"/>
<rect x="170" y="40" width="50" height="40" rx="10" fill="#eaf4ff" stroke="#2c6ecb" stroke-width="2"/>
<path d="M184 60h22M195 50v20" stroke="#2c6ecb" stroke-width="3" stroke-linecap="round"/>
</svg>`;

export const EMPTY_IMAGE = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`;
