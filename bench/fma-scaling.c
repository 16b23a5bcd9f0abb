// FMA throughput in registers on 1 and 2 threads (AVX-512, or AVX2 where the compiler is not given -mavx512f):
// do the two vCPUs scale, i.e. are they two cores?
// Build and run: gcc -O2 -mavx512f -mfma -pthread bench/fma-scaling.c -o /tmp/fma-scaling && /tmp/fma-scaling
// (on an AVX2 machine: gcc -O2 -mavx2 -mfma -pthread ...)
// (three rounds; each prints GFLOP/s on one thread, on two, and the ratio; two real cores give about 2x).
#include <immintrin.h>
#include <pthread.h>
#include <stdio.h>
#include <time.h>
#ifdef __AVX512F__
#define VEC __m512
#define SET1 _mm512_set1_ps
#define FMA _mm512_fmadd_ps
#define ADD _mm512_add_ps
#define STORE _mm512_storeu_ps
#define LANES 16
#else
#define VEC __m256
#define SET1 _mm256_set1_ps
#define FMA _mm256_fmadd_ps
#define ADD _mm256_add_ps
#define STORE _mm256_storeu_ps
#define LANES 8
#endif
static double now(){struct timespec t;clock_gettime(CLOCK_MONOTONIC,&t);return t.tv_sec+t.tv_nsec*1e-9;}
static long ITER=400000000L/8;
static float sink[64];
static void* work(void* arg){
  // twelve independent chains with different values (identical ones were merged into one chain by gcc)
  VEC a0=SET1(1.0f),a1=SET1(1.001f),a2=SET1(1.002f),a3=SET1(1.003f),
         a4=SET1(1.004f),a5=SET1(1.005f),a6=SET1(1.006f),a7=SET1(1.007f),
         a8=SET1(1.008f),a9=SET1(1.009f),a10=SET1(1.010f),a11=SET1(1.011f);
  VEC m=SET1(0.9999999f), c=SET1(1e-7f);
  for(long i=0;i<ITER;i++){
    a0=FMA(a0,m,c);a1=FMA(a1,m,c);a2=FMA(a2,m,c);a3=FMA(a3,m,c);
    a4=FMA(a4,m,c);a5=FMA(a5,m,c);a6=FMA(a6,m,c);a7=FMA(a7,m,c);
    a8=FMA(a8,m,c);a9=FMA(a9,m,c);a10=FMA(a10,m,c);a11=FMA(a11,m,c);
  }
  VEC s=ADD(ADD(ADD(a0,a1),ADD(a2,a3)),ADD(ADD(a4,a5),ADD(a6,a7)));
  s=ADD(s,ADD(ADD(a8,a9),ADD(a10,a11)));
  STORE(sink+16*(long)arg,s); return 0;
}
int main(){
  for(int rep=0;rep<3;rep++){
    double t0=now(); work((void*)0); double t1=now();
    pthread_t th[2]; double t2=now();
    for(long k=0;k<2;k++) pthread_create(&th[k],0,work,(void*)k);
    for(int k=0;k<2;k++) pthread_join(th[k],0);
    double t3=now();
    double fl=ITER*12.0*LANES*2;
    printf("%d-bit: 1 thread %.3f s %.1f GFLOP/s; 2 threads %.3f s %.1f GFLOP/s; scaling %.2fx\n",LANES*32,t1-t0,fl/(t1-t0)/1e9,t3-t2,2*fl/(t3-t2)/1e9,2*(t1-t0)/(t3-t2));
  }
}
