#include <stdio.h>
int main(void) { fprintf(stderr, "tern-system: not yet\n"); return 1; }
