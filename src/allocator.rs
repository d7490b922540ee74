//! mimalloc as the global allocator, through its plain entry points.
//!
//! The `mimalloc` crate calls mimalloc's aligned functions for every allocation. For blocks over
//! 1 KiB (every page's HTML and text) those take an out-of-line path that first tries, then
//! gives up, proving the block naturally aligned, even for an alignment of 1. Every mimalloc
//! block is aligned to at least 8 bytes, so the plain functions serve those layouts; the aligned
//! ones are kept for larger alignments.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys::{
    mi_free, mi_malloc, mi_malloc_aligned, mi_realloc, mi_realloc_aligned, mi_zalloc,
    mi_zalloc_aligned,
};

/// The alignment of every block mimalloc returns (`MI_INTPTR_SIZE`).
const BLOCK_ALIGN: usize = 8;

/// The global allocator (see the module's notes).
pub struct MiMalloc;

// SAFETY: every function passes the layout's size to mimalloc, with its alignment whenever it
// exceeds what every mimalloc block has; `dealloc` and `realloc` get pointers mimalloc returned.
unsafe impl GlobalAlloc for MiMalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_malloc(layout.size()).cast()
            } else {
                mi_malloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_zalloc(layout.size()).cast()
            } else {
                mi_zalloc_aligned(layout.size(), layout.align()).cast()
            }
        }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: see the impl.
        unsafe { mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        // SAFETY: see the impl.
        unsafe {
            if layout.align() <= BLOCK_ALIGN {
                mi_realloc(ptr.cast::<c_void>(), new_size).cast()
            } else {
                mi_realloc_aligned(ptr.cast::<c_void>(), new_size, layout.align()).cast()
            }
        }
    }
}
