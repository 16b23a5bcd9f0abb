/* The core clock under load, as the roofline needs it: a dependent 64-bit imul chain (latency 3 cycles on
   Zen 1-5 and recent Intel cores) timed in thread CPU time. Build and run: gcc -O2 bench/clock.c -o /tmp/clock && /tmp/clock */
#include <stdio.h>
#include <time.h>
int main(){ struct timespec a,b; unsigned long x=3, n=1000000000UL;
clock_gettime(CLOCK_THREAD_CPUTIME_ID,&a);
for(unsigned long i=0;i<n;i++){ __asm__ volatile("imul %0, %0" : "+r"(x)); }
clock_gettime(CLOCK_THREAD_CPUTIME_ID,&b);
double s=(b.tv_sec-a.tv_sec)+(b.tv_nsec-a.tv_nsec)*1e-9; printf("%.3f GHz (imul latency 3)\n", 3.0*n/s/1e9); return 0; }
