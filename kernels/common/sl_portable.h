/* Portability layer for the single-source kernels (the hashcat model): the
 * same headers in kernels/common compile as OpenCL C 1.2 (kernels/opencl) and as CUDA
 * C++ (kernels/cuda). Only this file knows which language it is in.
 *
 *   KERNEL_WG(n)   entry point run by work-groups / blocks of exactly n threads
 *   DEVICE_FN      a device function (inlined)
 *   GLOBAL_AS      address space of a pointer into global memory
 *   LOCAL_AS       address space of a pointer into local / shared memory
 *   LOCAL_VK       declares a local / shared array (at kernel scope)
 *   CONSTANT_VK    declares an immutable table in constant memory
 *   BARRIER()      work-group barrier with local-memory fence
 *   SL_LID()       thread index in the group, SL_GID() group index,
 *   SL_TID()       global thread index (1-D grids only)
 *   SL_DOT4(a, b, c)  c + the dot product of the four signed bytes of a and b
 *   SL_ATOMIC_INC(p)  atomic increment of a global u32, returns the old value */
#ifndef SL_PORTABLE_H
#define SL_PORTABLE_H

#if defined(__OPENCL_VERSION__)

typedef uchar sl_u8;
typedef char sl_s8;
typedef uint sl_u32;
typedef int sl_s32;
typedef ulong sl_u64;
typedef uint4 sl_u32x4;

#define KERNEL_WG(n) __kernel __attribute__((reqd_work_group_size(n, 1, 1))) void
#define DEVICE_FN inline
#define GLOBAL_AS __global
#define LOCAL_AS __local
#define LOCAL_VK __local
#define CONSTANT_VK __constant
#define BARRIER() barrier(CLK_LOCAL_MEM_FENCE)
#define SL_LID() ((sl_u32)get_local_id(0))
#define SL_GID() ((sl_u32)get_group_id(0))
#define SL_TID() ((sl_u32)get_global_id(0))
#define SL_ATOMIC_INC(p) atomic_inc(p)
#define SL_UNROLL _Pragma("unroll")

/* No portable dp4a in OpenCL C 1.2: four sign-extended byte products
 * (arithmetic right shift is defined for signed int in OpenCL C). */
DEVICE_FN sl_s32 sl_dot4(sl_u32 a, sl_u32 b, sl_s32 c)
{
    c += ((sl_s32)(a << 24) >> 24) * ((sl_s32)(b << 24) >> 24);
    c += ((sl_s32)(a << 16) >> 24) * ((sl_s32)(b << 16) >> 24);
    c += ((sl_s32)(a << 8) >> 24) * ((sl_s32)(b << 8) >> 24);
    c += ((sl_s32)a >> 24) * ((sl_s32)b >> 24);
    return c;
}
#define SL_DOT4(a, b, c) sl_dot4((a), (b), (c))

#elif defined(__CUDACC__)

typedef unsigned char sl_u8;
typedef signed char sl_s8;
typedef unsigned int sl_u32;
typedef int sl_s32;
typedef unsigned long long sl_u64;
typedef uint4 sl_u32x4;

#define KERNEL_WG(n) extern "C" __global__ void __launch_bounds__(n)
#define DEVICE_FN __device__ __forceinline__
#define GLOBAL_AS
#define LOCAL_AS
#define LOCAL_VK __shared__
#define CONSTANT_VK __constant__
#define BARRIER() __syncthreads()
#define SL_LID() ((sl_u32)threadIdx.x)
#define SL_GID() ((sl_u32)blockIdx.x)
#define SL_TID() ((sl_u32)(blockIdx.x * blockDim.x + threadIdx.x))
#define SL_ATOMIC_INC(p) atomicAdd((p), 1u)
#define SL_UNROLL _Pragma("unroll")

/* __dp4a (sm_61+): signed 4 x int8 dot product accumulated into c. */
#define SL_DOT4(a, b, c) __dp4a((int)(a), (int)(b), (int)(c))

#else
#error "kernels/common is compiled only as OpenCL C or CUDA"
#endif

#define SL_ROTL64(x, n) (((x) << (n)) | ((x) >> (64 - (n))))

#endif
