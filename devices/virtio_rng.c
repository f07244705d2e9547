/* devices/virtio_rng.c — virtio-rng; see virtio_rng.h. */
#include "devices/virtio_rng.h"

#include <stdlib.h>
#include <sys/random.h>

static void rng_notify(void *dev, struct virtio_mmio *vm, unsigned q)
{
    struct virtq_elem *e = malloc(sizeof(*e));
    bool any = false;
    (void)dev;
    if (!e) return;
    while (virtq_pop(vm, q, e)) {
        uint8_t buf[256];
        uint32_t done = 0;
        while (done < e->write_len) {
            size_t want = e->write_len - done < sizeof buf ? e->write_len - done : sizeof buf;
            ssize_t n = getrandom(buf, want, 0);
            if (n <= 0) break;
            done += (uint32_t)virtq_write(vm, e, done, buf, (size_t)n);
        }
        virtq_push(vm, q, e, done);
        any = true;
    }
    free(e);
    if (any) virtio_mmio_interrupt(vm);
}

const struct virtio_dev_ops virtio_rng_ops = {VIRTIO_ID_RNG, 0, 1, NULL, NULL, rng_notify, NULL};
