// FMA throughput in registers on 1 and 2 threads (AVX-512): do the two vCPUs scale, i.e. are they two cores?
// Build and run: gcc -O2 -mavx512f -mfma -pthread bench/fma-scaling.c -o /tmp/fma-scaling && /tmp/fma-scaling
// (three rounds; each prints GFLOP/s on one thread, on two, and the ratio; two real cores give about 2x).
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static long ITER=400000000L/8;
static float sink[64];
static void* work(void* arg){
  // twelve independent chains with different values (identical ones were merged into one chain by gcc)
  __m512 a0=_mm512_set1_ps(1.0f),a1=_mm512_set1_ps(1.001f),a2=_mm512_set1_ps(1.002f),a3=_mm512_set1_ps(1.003f),
         a4=_mm512_set1_ps(1.004f),a5=_mm512_set1_ps(1.005f),a6=_mm512_set1_ps(1.006f),a7=_mm512_set1_ps(1.007f),
         a8=_mm512_set1_ps(1.008f),a9=_mm512_set1_ps(1.009f),a10=_mm512_set1_ps(1.010f),a11=_mm512_set1_ps(1.011f);
  __m512 m=_mm512_set1_ps(0.9999999f), c=_mm512_set1_ps(1e-7f);
  for(long i=0;i<ITER;i++){
    a0=_mm512_fmadd_ps(a0,m,c);a1=_mm512_fmadd_ps(a1,m,c);a2=_mm512_fmadd_ps(a2,m,c);a3=_mm512_fmadd_ps(a3,m,c);
    a4=_mm512_fmadd_ps(a4,m,c);a5=_mm512_fmadd_ps(a5,m,c);a6=_mm512_fmadd_ps(a6,m,c);a7=_mm512_fmadd_ps(a7,m,c);
    a8=_mm512_fmadd_ps(a8,m,c);a9=_mm512_fmadd_ps(a9,m,c);a10=_mm512_fmadd_ps(a10,m,c);a11=_mm512_fmadd_ps(a11,m,c);
  }
  __m512 s=_mm512_add_ps(_mm512_add_ps(_mm512_add_ps(a0,a1),_mm512_add_ps(a2,a3)),_mm512_add_ps(_mm512_add_ps(a4,a5),_mm512_add_ps(a6,a7)));
  s=_mm512_add_ps(s,_mm512_add_ps(_mm512_add_ps(a8,a9),_mm512_add_ps(a10,a11)));
  _mm512_storeu_ps(sink+16*(long)arg,s); return 0;
}
int main(){
  for(int rep=0;rep<3;rep++){
    double t0=now(); work((void*)0); double t1=now();
    pthread_t th[2]; double t2=now();
    for(long k=0;k<2;k++) pthread_create(&th[k],0,work,(void*)k);
    for(int k=0;k<2;k++) pthread_join(th[k],0);
    double t3=now();
    double fl=ITER*12.0*16*2;
    printf("1 thread %.3f s %.1f GFLOP/s; 2 threads %.3f s %.1f GFLOP/s; scaling %.2fx\n",t1-t0,fl/(t1-t0)/1e9,t3-t2,2*fl/(t3-t2)/1e9,2*(t1-t0)/(t3-t2));
  }
}
